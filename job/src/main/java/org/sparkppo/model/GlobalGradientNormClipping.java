package org.sparkppo.model;

import java.io.Serializable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Clips the gradient of all parameters together to a maximum global L2 norm, as PyTorch's
 * {@code clip_grad_norm_} in CleanRL and SB3 (DL4J's own {@code GradientNormalization} clips per
 * layer only). DL4J calls this listener after back-propagation and before the updater divides the
 * summed gradient by the minibatch size, so the norm of the mean gradient is {@code ‖g‖ / n}.
 */
public final class GlobalGradientNormClipping extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double maxNorm;

    public GlobalGradientNormClipping(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        clip(model.gradient().gradient(), model.batchSize(), maxNorm);
    }

    /**
     * Scales {@code summedGradient} (the sum over {@code batchSize} examples) in place so that the
     * mean gradient's L2 norm is at most {@code maxNorm}.
     */
    public static void clip(INDArray summedGradient, int batchSize, double maxNorm) {
        double meanGradientNorm = summedGradient.norm2Number().doubleValue() / batchSize;
        if (meanGradientNorm > maxNorm) {
            summedGradient.muli(maxNorm / meanGradientNorm);
        }
    }

    /**
     * {@link #clip(INDArray, int, double)} on a flat array. The squares are summed in index order,
     * as ND4J's {@code norm2} does on one thread, so with {@code OMP_NUM_THREADS=1} both give the
     * same bits; ND4J on several threads sums contiguous chunks and may differ in the last bit.
     */
    public static void clip(double[] summedGradient, int batchSize, double maxNorm) {
        double sumOfSquares = 0;
        for (double g : summedGradient) {
            sumOfSquares += g * g;
        }
        double meanGradientNorm = Math.sqrt(sumOfSquares) / batchSize;
        if (meanGradientNorm > maxNorm) {
            double scale = maxNorm / meanGradientNorm;
            for (int i = 0; i < summedGradient.length; i++) {
                summedGradient[i] *= scale;
            }
        }
    }
}
