package org.sparkppo.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SplitMix64;

/**
 * Masked logits against the distribution over the valid actions alone: logits {@code (2, 0, ln 3, 5)}
 * with actions 0 and 3 invalid leave probabilities 1/4 and 3/4 on actions 1 and 2.
 */
class ActionMaskTest {
    private static final boolean[] VALID = {false, true, true, false};

    private static double[] masked() {
        double[] logits = {2, 0, Math.log(3), 5};
        ActionMask.apply(logits, 0, VALID, 0, 4);
        return logits;
    }

    @Test
    void maskedLogProbEntropyAndKlAreThoseOverTheValidActions() {
        CategoricalDistribution c = new CategoricalDistribution(4);
        double[] logits = masked();
        assertEquals(Math.log(0.25), c.logProb(logits, 0, new float[] {1}, 0), 1e-15);
        assertEquals(Math.log(0.75), c.logProb(logits, 0, new float[] {2}, 0), 1e-15);
        assertEquals(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), c.entropy(logits, 0), 1e-15);
        double[] even = {7, 0, 0, -3};
        ActionMask.apply(even, 0, VALID, 0, 4);
        // KL((1/4, 3/4) ‖ (1/2, 1/2)) = ¼ log ½ + ¾ log (3/2)
        assertEquals(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), c.kl(logits, 0, even, 0), 1e-15);
    }

    @Test
    void maskedLogitsGetZeroGradientFromEveryTerm() {
        CategoricalDistribution c = new CategoricalDistribution(4);
        double[] logits = masked();
        double[] old = {1, 1, 1, 1};
        ActionMask.apply(old, 0, VALID, 0, 4);
        double[] grad = new double[4];
        c.addLogProbGradient(logits, 0, new float[] {2}, 0, 1.0, grad, 0);
        c.addEntropyGradient(logits, 0, 1.0, grad, 0);
        c.addKlGradient(old, 0, logits, 0, 1.0, grad, 0);
        assertEquals(0.0, grad[0], 0.0);
        assertEquals(0.0, grad[3], 0.0);
        assertNotEquals(0.0, grad[1]);
        double[] zeroed = grad.clone();
        ActionMask.zeroInvalid(zeroed, 0, VALID, 0, 4);
        assertArrayEquals(grad, zeroed, 0.0);
    }

    @Test
    void anInvalidActionIsNeverSampledNorTheMode() {
        CategoricalDistribution c = new CategoricalDistribution(4);
        double[] logits = masked();
        SplitMix64 rng = new SplitMix64(9);
        float[] a = new float[1];
        for (int i = 0; i < 100_000; i++) {
            c.sample(logits, 0, rng, a, 0);
            assertEquals(true, VALID[(int) a[0]], "sampled invalid action " + a[0]);
        }
        c.mode(logits, 0, a, 0);
        assertEquals(2f, a[0]);
    }

    @Test
    void multiDiscreteMasksPerComponent() {
        MultiCategoricalDistribution m = new MultiCategoricalDistribution(new int[] {3, 2});
        double[] logits = {4, 0, 0, 3, 1};
        boolean[] valid = {false, true, true, false, true};
        ActionMask.apply(logits, 0, valid, 0, 5);
        // Component 0: ½, ½ over actions 1 and 2; component 1: all mass on action 1.
        assertEquals(Math.log(0.5), m.logProb(logits, 0, new float[] {2, 1}, 0), 1e-15);
        assertEquals(Math.log(2), m.entropy(logits, 0), 1e-15);
        float[] a = new float[2];
        m.mode(logits, 0, a, 0);
        assertArrayEquals(new float[] {1, 1}, a);
    }
}
