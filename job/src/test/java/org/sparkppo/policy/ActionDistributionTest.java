package org.sparkppo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SplitMix64;

/** Closed forms of the two action distributions, and sampling statistics. */
class ActionDistributionTest {

    @Test
    void gaussianLogProbEntropyAndKlMatchTheirClosedForms() {
        DiagonalGaussian g = new DiagonalGaussian(1);
        double[] params = {0.5, Math.log(2.0)};
        // log N(1.5; 0.5, 2²) = −(1)²/(2·4) − log 2 − ½ log 2π
        assertEquals(-1.0 / 8 - Math.log(2) - 0.5 * Math.log(2 * Math.PI),
                g.logProb(params, 0, new float[] {1.5f}, 0), 1e-15);
        assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * 4), g.entropy(params, 0), 1e-15);
        double[] old = {0.0, 0.0};
        // KL(N(0,1) ‖ N(0.5, 4)) = log 2 + (1 + 0.25)/8 − ½
        assertEquals(Math.log(2) + 1.25 / 8 - 0.5, g.kl(old, 0, params, 0), 1e-15);
        assertEquals(0.0, g.kl(params, 0, params, 0), 0.0);
    }

    @Test
    void categoricalKlOfItselfIsZeroAndMatchesTheSum() {
        CategoricalDistribution c = new CategoricalDistribution(3);
        double[] a = {0.1, -0.4, 1.2};
        double[] b = {0.0, 0.3, -0.2};
        assertEquals(0.0, c.kl(a, 0, a, 0), 1e-15);
        double[] pa = softmax(a);
        double[] pb = softmax(b);
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            expected += pa[k] * Math.log(pa[k] / pb[k]);
        }
        assertEquals(expected, c.kl(a, 0, b, 0), 1e-15);
    }

    @Test
    void gaussianSamplesHaveTheParametrizedMeanAndStdAndTheirOwnLogProb() {
        DiagonalGaussian g = new DiagonalGaussian(2);
        double[] params = {1.0, -2.0, Math.log(0.5), Math.log(3.0)};
        SplitMix64 rng = new SplitMix64(1);
        float[] a = new float[2];
        int n = 200_000;
        double[] sum = new double[2];
        double[] squares = new double[2];
        for (int i = 0; i < n; i++) {
            double lp = g.sample(params, 0, rng, a, 0);
            assertEquals(g.logProb(params, 0, a, 0), lp, 0.0);
            for (int j = 0; j < 2; j++) {
                sum[j] += a[j];
                squares[j] += a[j] * a[j];
            }
        }
        double[] mean = {1.0, -2.0};
        double[] std = {0.5, 3.0};
        for (int j = 0; j < 2; j++) {
            double m = sum[j] / n;
            double s = Math.sqrt(squares[j] / n - m * m);
            assertEquals(mean[j], m, 5 * std[j] / Math.sqrt(n));
            assertEquals(std[j], s, 0.01 * std[j]);
        }
    }

    @Test
    void modesAreTheMeanAndTheMostProbableIndex() {
        float[] a = new float[2];
        new DiagonalGaussian(2).mode(new double[] {0.25, -1.5, 3, 3}, 0, a, 0);
        assertEquals(0.25f, a[0]);
        assertEquals(-1.5f, a[1]);
        new CategoricalDistribution(3).mode(new double[] {0.1, 2.0, 2.0}, 0, a, 0);
        assertEquals(1.0f, a[0]);
        assertTrue(new CategoricalDistribution(3).entropy(new double[] {0, 0, 0}, 0) > 1.0986);
    }

    private static double[] softmax(double[] z) {
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k]);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
