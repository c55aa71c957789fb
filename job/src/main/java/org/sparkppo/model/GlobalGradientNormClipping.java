package org.sparkppo.model;

/**
 * Clips the gradient of all parameters together to a maximum global L2 norm, as PyTorch's
 * {@code clip_grad_norm_} in CleanRL and SB3 (DL4J's own {@code GradientNormalization} clips per
 * layer only). The gradient is the sum over a minibatch's {@code n} examples, as DL4J's
 * back-propagation gives it before its updater divides by {@code n}, so the norm of the mean gradient
 * is {@code ‖g‖ / n}.
 */
public final class GlobalGradientNormClipping {

    private GlobalGradientNormClipping() {
    }

    /**
     * Scales {@code summedGradient} (the sum over {@code batchSize} examples) in place so that the
     * mean gradient's L2 norm is at most {@code maxNorm}. The squares are summed in index order, as
     * ND4J's {@code norm2} does on one thread, so with {@code OMP_NUM_THREADS=1} this gives the same
     * bits as clipping the INDArray with ND4J; ND4J on several threads sums contiguous chunks and may
     * differ in the last bit.
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
