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
        INDArray gradient = model.gradient().gradient();
        double meanGradientNorm = gradient.norm2Number().doubleValue() / model.batchSize();
        if (meanGradientNorm > maxNorm) {
            gradient.muli(maxNorm / meanGradientNorm);
        }
    }
}
