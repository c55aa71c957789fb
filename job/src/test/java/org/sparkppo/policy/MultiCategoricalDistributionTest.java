package org.sparkppo.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SplitMix64;

/**
 * {@link MultiCategoricalDistribution} against hand-computed values: components with logits
 * {@code (0, ln 2)} (probabilities 1/3, 2/3) and {@code (0, 0, ln 3)} (1/5, 1/5, 3/5).
 */
class MultiCategoricalDistributionTest {
    private static final MultiCategoricalDistribution DIST = new MultiCategoricalDistribution(new int[] {2, 3});
    private static final double[] PARAMS = {0, Math.log(2), 0, 0, Math.log(3)};

    @Test
    void logProbIsTheSumOfTheComponentsLogProbs() {
        // π(1, 2) = 2/3 · 3/5 = 2/5; π(0, 0) = 1/3 · 1/5 = 1/15.
        assertEquals(Math.log(2.0 / 5), DIST.logProb(PARAMS, 0, new float[] {1, 2}, 0), 1e-15);
        assertEquals(Math.log(1.0 / 15), DIST.logProb(PARAMS, 0, new float[] {0, 0}, 0), 1e-15);
    }

    @Test
    void entropyIsTheSumOfTheComponentsEntropies() {
        double h1 = -(1.0 / 3 * Math.log(1.0 / 3) + 2.0 / 3 * Math.log(2.0 / 3));
        double h2 = -(2 * 0.2 * Math.log(0.2) + 0.6 * Math.log(0.6));
        assertEquals(h1 + h2, DIST.entropy(PARAMS, 0), 1e-15);
    }

    @Test
    void klIsTheSumOfTheComponentsKls() {
        double[] uniform = new double[5];
        // KL(π ‖ uniform) = Σ_c (log n_c − H_c) for the old π = PARAMS.
        double h1 = -(1.0 / 3 * Math.log(1.0 / 3) + 2.0 / 3 * Math.log(2.0 / 3));
        double h2 = -(2 * 0.2 * Math.log(0.2) + 0.6 * Math.log(0.6));
        assertEquals(Math.log(2) - h1 + Math.log(3) - h2, DIST.kl(PARAMS, 0, uniform, 0), 1e-15);
        assertEquals(0.0, DIST.kl(PARAMS, 0, PARAMS, 0), 1e-15);
    }

    @Test
    void gradientsAreEachComponentsCategoricalGradient() {
        double[] grad = new double[5];
        DIST.addLogProbGradient(PARAMS, 0, new float[] {1, 2}, 0, 1.0, grad, 0);
        // ∂ log π / ∂ z_k = 1[k = a_c] − π_k within each component.
        assertArrayEquals(new double[] {-1.0 / 3, 1 - 2.0 / 3, -0.2, -0.2, 1 - 0.6}, grad, 1e-15);
        double[] uniform = new double[5];
        double[] klGrad = new double[5];
        DIST.addKlGradient(PARAMS, 0, uniform, 0, 1.0, klGrad, 0);
        // ∂ KL(π_old ‖ π) / ∂ z_k = π_k − π_old,k, π uniform per component.
        assertArrayEquals(new double[] {0.5 - 1.0 / 3, 0.5 - 2.0 / 3, 1.0 / 3 - 0.2, 1.0 / 3 - 0.2, 1.0 / 3 - 0.6},
                klGrad, 1e-15);
    }

    @Test
    void samplesFollowTheProductOfTheComponentsAndModeIsPerComponent() {
        SplitMix64 rng = new SplitMix64(3);
        float[] a = new float[2];
        int n = 150_000;
        int[][] counts = new int[2][3];
        for (int i = 0; i < n; i++) {
            double lp = DIST.sample(PARAMS, 0, rng, a, 0);
            assertEquals(DIST.logProb(PARAMS, 0, a, 0), lp, 1e-15);
            counts[0][(int) a[0]]++;
            counts[1][(int) a[1]]++;
        }
        assertEquals(2.0 / 3, counts[0][1] / (double) n, 5 * Math.sqrt(2.0 / 9 / n));
        assertEquals(0.6, counts[1][2] / (double) n, 5 * Math.sqrt(0.24 / n));
        DIST.mode(PARAMS, 0, a, 0);
        assertArrayEquals(new float[] {1, 2}, a);
    }
}
