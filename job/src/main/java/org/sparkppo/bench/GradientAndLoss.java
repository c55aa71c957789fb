package org.sparkppo.bench;

/**
 * One minibatch's gradient, summed over its examples (DL4J's unscaled back-propagation result, in
 * the network's flat parameter order), and its mean loss (policy loss mean plus value loss mean).
 */
record GradientAndLoss(double[] gradient, double meanLoss) {

    /** The largest absolute difference of the two gradients. */
    double maxAbsDifference(GradientAndLoss other) {
        double max = 0;
        for (int i = 0; i < gradient.length; i++) {
            max = Math.max(max, Math.abs(gradient[i] - other.gradient[i]));
        }
        return max;
    }

    /** The largest absolute gradient component, the scale for {@link #maxAbsDifference}. */
    double maxAbs() {
        double max = 0;
        for (double g : gradient) {
            max = Math.max(max, Math.abs(g));
        }
        return max;
    }
}
