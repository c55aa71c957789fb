package org.sparkppo.env;

import java.util.OptionalDouble;
import org.sparkppo.seed.SplitMix64;

/** Masking environments that break the masking contract one way each, for VectorEnv's and check-env's refusals. */
public final class MaskedTestEnvironments {

    private MaskedTestEnvironments() {
    }

    /** MultiDiscrete([2, 2]) dynamics whose second component never has a valid action. */
    public static final class WalledIn implements MaskedDynamics {
        @Override
        public EnvSpec spec() {
            return new EnvSpec("WalledIn-v0", 10, OptionalDouble.empty(), Box.uniform(0, 1, 1), new MultiDiscrete(2, 2), 1);
        }

        @Override
        public void reset(double[] state, int env, SplitMix64 rng) {
        }

        @Override
        public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        }

        @Override
        public void observe(double[] state, int env, float[] observations) {
        }

        @Override
        public void validActions(double[] state, int env, boolean[] masks) {
            masks[env * 4] = true;
            masks[env * 4 + 1] = true;
            masks[env * 4 + 2] = false;
            masks[env * 4 + 3] = false;
        }
    }

    /** Discrete(2) whose every action becomes invalid after its second step. */
    public static class Cornered implements MaskedEnvironment {
        private int steps;

        @Override
        public EnvSpec spec() {
            return new EnvSpec("Cornered-v0", 10, OptionalDouble.empty(), Box.uniform(0, 1, 1), new Discrete(2));
        }

        @Override
        public double[] reset(long seed) {
            steps = 0;
            return new double[1];
        }

        @Override
        public StepResult step(double[] action) {
            steps++;
            return new StepResult(new double[1], 0, false, false);
        }

        @Override
        public boolean[] validActions() {
            return new boolean[] {steps < 2, steps < 2};
        }
    }

    /** Discrete(3) with a two-flag mask. */
    public static final class ShortMask extends Cornered {
        @Override
        public EnvSpec spec() {
            return new EnvSpec("ShortMask-v0", 10, OptionalDouble.empty(), Box.uniform(0, 1, 1), new Discrete(3));
        }
    }

    /** Masks a continuous action. */
    public static final class MaskedBox extends Cornered {
        @Override
        public EnvSpec spec() {
            return new EnvSpec("MaskedBox-v0", 10, OptionalDouble.empty(), Box.uniform(0, 1, 1), Box.uniform(-1, 1, 1));
        }
    }
}
