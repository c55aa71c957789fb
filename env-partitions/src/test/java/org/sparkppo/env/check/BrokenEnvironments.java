package org.sparkppo.env.check;

import java.nio.ByteBuffer;
import java.util.OptionalDouble;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Environment;
import org.sparkppo.env.ObjectCartPole;
import org.sparkppo.env.StepResult;

/**
 * One deliberately broken environment per contract violation {@link EnvironmentChecker} reports,
 * each the object CartPole with one mistake a user might make. All but {@link ForgetfulSnapshot}
 * go without {@code Snapshotting} (their own fields would be missing from the object CartPole's bytes).
 */
final class BrokenEnvironments {

    private BrokenEnvironments() {
    }

    /** The object CartPole's physics without snapshots. */
    abstract static class WithoutSnapshots implements Environment {
        private final ObjectCartPole physics = new ObjectCartPole();

        @Override
        public EnvSpec spec() {
            return physics.spec();
        }

        @Override
        public double[] reset(long seed) {
            return physics.reset(seed);
        }

        @Override
        public StepResult step(double[] action) {
            return physics.step(action);
        }
    }

    /** Returns five observation entries for a four-entry observation space. */
    public static final class WrongObservationSize extends WithoutSnapshots {
        @Override
        public StepResult step(double[] action) {
            StepResult r = super.step(action);
            return new StepResult(new double[] {1, 2, 3, 4, 5}, r.reward(), r.terminated(), r.truncated());
        }
    }

    /** Reports the cart position in centimetres: far outside the observation space's ±4.8. */
    public static final class ObservationOutOfBounds extends WithoutSnapshots {
        @Override
        public StepResult step(double[] action) {
            StepResult r = super.step(action);
            double[] obs = r.observation();
            obs[0] = 100 * obs[0] + 10;
            return new StepResult(obs, r.reward(), r.terminated(), r.truncated());
        }
    }

    /** Divides by the cart's velocity: an infinite or NaN reward sooner or later; here at the fifth step. */
    public static final class NaNReward extends WithoutSnapshots {
        private int steps;

        @Override
        public double[] reset(long seed) {
            steps = 0;
            return super.reset(seed);
        }

        @Override
        public StepResult step(double[] action) {
            StepResult r = super.step(action);
            return ++steps == 5 ? new StepResult(r.observation(), 0.0 / 0.0, r.terminated(), r.truncated()) : r;
        }
    }

    /** Ignores the seed: every reset draws from one shared counter, so no two instances agree. */
    public static final class IgnoresSeed extends WithoutSnapshots {
        private static long shared;

        @Override
        public double[] reset(long seed) {
            return super.reset(++shared);
        }
    }

    /** Forgets to clear its episode counter in reset: rewards of later episodes differ from a fresh instance's. */
    public static final class StaleAfterReset extends WithoutSnapshots {
        private int totalSteps;

        @Override
        public StepResult step(double[] action) {
            StepResult r = super.step(action);
            totalSteps++;
            return new StepResult(r.observation(), totalSteps > 100 ? 0.5 : 1.0, r.terminated(), r.truncated());
        }
    }

    /** Snapshots the cart but forgets the pole: a restored instance steps differently. */
    public static final class ForgetfulSnapshot extends ObjectCartPole {
        @Override
        public byte[] snapshot() {
            byte[] full = super.snapshot();
            ByteBuffer.wrap(full, 16, 16).putDouble(0).putDouble(0);
            return full;
        }
    }

    /** Treats every action but 1 as "push left", 7 included. */
    public static final class AcceptsAnyAction extends WithoutSnapshots {
        @Override
        public StepResult step(double[] action) {
            return super.step(new double[] {action[0] == 1 ? 1 : 0});
        }
    }

    /** Throws on the tenth step of an episode. */
    public static final class ThrowsOnStep extends WithoutSnapshots {
        private int steps;

        @Override
        public double[] reset(long seed) {
            steps = 0;
            return super.reset(seed);
        }

        @Override
        public StepResult step(double[] action) {
            if (++steps == 10) {
                throw new IllegalStateException("the warehouse has no aisle 10");
            }
            return super.step(action);
        }
    }

    /** Builds a new spec object with a different time limit per instance. */
    public static final class SpecPerInstance extends WithoutSnapshots {
        private static int instances;
        private final EnvSpec spec = new EnvSpec("SpecPerInstance-v0", 100 + instances++, OptionalDouble.empty(),
                super.spec().observationSpace(), new Discrete(2));

        @Override
        public EnvSpec spec() {
            return spec;
        }
    }
}
