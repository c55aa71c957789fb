package org.sparkppo.loss;

import org.sparkppo.seed.SplitMix64;

/**
 * The categorical action distribution π(·|s) = softmax(logits), computed in double precision on
 * plain arrays. The rollout (sampling, old log-probabilities) and the training losses call the same
 * code on the same network outputs, which is what makes the probability ratio exactly 1 on the first
 * minibatch of the first epoch.
 */
public final class Categorical {

    private Categorical() {
    }

    /** log softmax of one row of logits, stably: {@code z_k − max z − log Σ exp(z − max z)}. */
    public static void logSoftmax(double[] logits, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (double z : logits) {
            sum += Math.exp(z - max);
        }
        double logSum = max + Math.log(sum);
        for (int k = 0; k < logits.length; k++) {
            out[k] = logits[k] - logSum;
        }
    }

    /** Entropy {@code −Σ π_k log π_k} from log-probabilities. */
    public static double entropy(double[] logProbs) {
        double h = 0;
        for (double lp : logProbs) {
            h -= Math.exp(lp) * lp;
        }
        return h;
    }

    /** Inverse-CDF sample of an index from log-probabilities. */
    public static int sample(double[] logProbs, SplitMix64 rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < logProbs.length - 1; k++) {
            cumulative += Math.exp(logProbs[k]);
            if (u < cumulative) {
                return k;
            }
        }
        return logProbs.length - 1;
    }

    /** The most probable index (ties: the lowest), for deterministic evaluation. */
    public static int mode(double[] logProbs) {
        int best = 0;
        for (int k = 1; k < logProbs.length; k++) {
            if (logProbs[k] > logProbs[best]) {
                best = k;
            }
        }
        return best;
    }
}
