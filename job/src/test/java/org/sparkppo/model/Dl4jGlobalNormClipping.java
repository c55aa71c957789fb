package org.sparkppo.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference the trainer's clipping is checked against: global-norm clipping done with ND4J, as a
 * DL4J listener, so DL4J's own {@code fit} clips after back-propagation and before its updater.
 */
public final class Dl4jGlobalNormClipping extends BaseTrainingListener {
    private final double maxNorm;

    public Dl4jGlobalNormClipping(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        clip(model.gradient().gradient(), model.batchSize(), maxNorm);
    }

    /** Scales the summed gradient of {@code batchSize} examples so the mean gradient's norm is at most {@code maxNorm}. */
    static void clip(INDArray summedGradient, int batchSize, double maxNorm) {
        double meanGradientNorm = summedGradient.norm2Number().doubleValue() / batchSize;
        if (meanGradientNorm > maxNorm) {
            summedGradient.muli(maxNorm / meanGradientNorm);
        }
    }
}
