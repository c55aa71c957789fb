package org.sparkppo.loss;

/**
 * Advantage normalization (PPO paper, Section 6.1 implementation detail; CleanRL's
 * {@code norm_adv}): {@code (A − mean) / (std + eps)} with the unbiased standard deviation.
 */
public final class AdvantageNormalization {

    private AdvantageNormalization() {
    }

    /** Normalizes in place; a single advantage is only centred (its std is undefined). */
    public static void normalizeInPlace(double[] advantages, double eps) {
        int n = advantages.length;
        double mean = 0;
        for (double a : advantages) {
            mean += a;
        }
        mean /= n;
        double squares = 0;
        for (double a : advantages) {
            squares += (a - mean) * (a - mean);
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        for (int i = 0; i < n; i++) {
            advantages[i] = (advantages[i] - mean) / (std + eps);
        }
    }
}
