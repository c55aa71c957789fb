package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.seed.SplitMix64;

/**
 * Verifies the object API ({@link Environment}) as {@link VectorEnv} drives it: CartPole written as
 * an object steps bit-identically to the built-in {@code EnvDynamics} CartPole from the same state,
 * episodes reset from their slot's derived stream with auto-reset and final observations as for the
 * built-ins, a {@link Snapshotting} environment restores exactly, one without continues with the live
 * instances in the JVM that snapshotted it and otherwise starts new episodes from its streams, and a
 * broken instance fails with one message naming its class, env index and step.
 */
class ObjectEnvironmentTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.load();
    private static final long SEED = 2026L;

    @Test
    void objectCartPoleStepsBitIdenticallyToTheBuiltInFromTheSameState() {
        EnvDynamics builtIn = REGISTRY.dynamics("CartPole-v1");
        SplitMix64 actions = new SplitMix64(7);
        int steps = 0;
        for (long seed = 0; seed < 20; seed++) {
            ObjectCartPole object = new ObjectCartPole();
            object.reset(seed);
            VectorEnv reference = VectorEnv.create(builtIn, 1, seed, 0);
            reference.loadState(0, object.state(), 0);
            boolean done = false;
            while (!done) {
                int action = actions.nextInt(2);
                StepResult result = object.step(new double[] {action});
                reference.step(new float[] {action});
                done = reference.terminated()[0] || reference.truncated()[0];
                float[] expected = done ? reference.finalObservations() : reference.observations();
                assertArrayEquals(expected, floats(result.observation()), "seed " + seed);
                assertEquals(reference.rewards()[0], result.reward());
                assertEquals(reference.terminated()[0], result.terminated(), "seed " + seed);
                if (!done) {
                    assertArrayEquals(reference.state(0), object.state(), 0.0, "seed " + seed);
                }
                steps++;
            }
        }
        assertTrue(steps > 200, "only " + steps + " steps compared");
    }

    @Test
    void slotsResetFromTheirDerivedStreamsAndAutoResetWithTheFinalObservation() {
        VectorEnv env = EnvironmentClass.of(ObjectCartPole.class).create(3, SEED, 1);
        for (int i = 0; i < 3; i++) {
            SplitMix64 stream = SeedDerivation.stream(SEED, SeedDerivation.Purpose.ENV_RESET, 1, i);
            double[] first = new ObjectCartPole().reset(stream.nextLong());
            assertArrayEquals(floats(first), slice(env.observations(), i), "env " + i);
        }
        // Always pushing right ends every episode within a few dozen steps.
        ObjectCartPole twin = new ObjectCartPole();
        SplitMix64 stream0 = SeedDerivation.stream(SEED, SeedDerivation.Purpose.ENV_RESET, 1, 0);
        twin.reset(stream0.nextLong());
        int length = 0;
        while (true) {
            StepResult expected = twin.step(new double[] {1});
            env.step(new float[] {1, 1, 1});
            length++;
            if (expected.terminated()) {
                assertTrue(env.terminated()[0]);
                assertFalse(env.truncated()[0]);
                assertArrayEquals(floats(expected.observation()), slice(env.finalObservations(), 0));
                assertEquals(length, env.finishedLengths()[0]);
                assertEquals(length, env.finishedReturns()[0]);
                assertArrayEquals(floats(new ObjectCartPole().reset(stream0.nextLong())), slice(env.observations(), 0),
                        "the next episode starts from the stream's next seed");
                break;
            }
            assertFalse(env.terminated()[0]);
            assertArrayEquals(floats(expected.observation()), slice(env.observations(), 0));
        }
    }

    @Test
    void environmentClassesListedInATestServicesFileAreRegistered() {
        EnvFamily inventory = REGISTRY.family("Inventory-v0");
        assertInstanceOf(EnvironmentClass.class, inventory);
        assertEquals("org.sparkppo.example.inventory.InventoryEnv", inventory.implementationName());
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.dynamics("Inventory-v0"));
        assertTrue(REGISTRY.ids().contains("CartPole-v1"));
    }

    @Test
    void theSpecsTimeLimitTruncatesAnObjectEnvironment() {
        VectorEnv env = VectorEnv.create(EnvironmentClass.of(ShortCartPole.class), 1, SEED, 0);
        for (int t = 1; t <= 3; t++) {
            env.step(new float[] {t % 2});
            assertEquals(t == 3, env.truncated()[0], "step " + t);
        }
        assertEquals(3, env.finishedLengths()[0]);
    }

    @Test
    void aSeedOnlyEnvironmentContinuesWithItsLiveInstancesAndOtherwiseRestartsFromItsStreams() {
        EnvFamily family = EnvironmentClass.of(SeedOnlyCartPole.class);
        assertFalse(family.restoresExactly());
        assertTrue(EnvironmentClass.of(ObjectCartPole.class).restoresExactly());
        VectorEnv env = family.create(2, SEED, 0);
        for (int t = 0; t < 5; t++) {
            env.step(new float[] {0, 1});
        }
        byte[] snapshot = env.snapshot();
        assertSame(env, family.restore(snapshot), "the live vector env continues");
        // Taken once: a second restore (a rerun, another JVM) starts new episodes from the slots' streams.
        VectorEnv restarted = family.restore(snapshot);
        assertNotSame(env, restarted);
        SplitMix64 stream = SeedDerivation.stream(SEED, SeedDerivation.Purpose.ENV_RESET, 0, 1);
        stream.nextLong();
        assertArrayEquals(floats(new ObjectCartPole().reset(stream.nextLong())), slice(restarted.observations(), 1));
        // A vector env that stepped after its snapshot is not handed out for it.
        byte[] stale = restarted.snapshot();
        restarted.step(new float[] {1, 1});
        assertNotSame(restarted, family.restore(stale));
    }

    @Test
    void aThrowingOrNonFiniteInstanceFailsNamingItsClassEnvIndexAndStep() {
        VectorEnv env = VectorEnv.create(EnvironmentClass.of(NaNAtThirdStep.class), 2, SEED, 0);
        env.step(new float[] {0, 0});
        env.step(new float[] {0, 0});
        EnvironmentFailure failure = assertThrows(EnvironmentFailure.class, () -> env.step(new float[] {0, 0}));
        assertEquals("environment " + NaNAtThirdStep.class.getName() + " ('NaNAtThirdStep-v0'), env index 0, step 3 of "
                + "its episode: step returned the reward NaN", failure.getMessage());
        assertEquals("iteration 2, partition 1: " + failure.getMessage(),
                failure.at("iteration 2, partition 1").getMessage());
    }

    @Test
    void aStepBeyondTheTimeLimitFailsNamingTheSlotAndTheSetting() {
        VectorEnv env = VectorEnv.create(EnvironmentClass.of(HangsAtSecondStep.class), 2, SEED, 0);
        env.limitStepTime(Duration.ofMillis(200), "env.stepTimeout");
        env.step(new float[] {0, 0});
        EnvironmentFailure failure = assertThrows(EnvironmentFailure.class, () -> env.step(new float[] {0, 0}));
        assertEquals("environment " + HangsAtSecondStep.class.getName() + " ('ObjectCartPole-v1'), env index 0, step 2 "
                + "of its episode: did not return within env.stepTimeout = 0.2 s", failure.getMessage());
    }

    /** Sleeps on its second step until interrupted. */
    public static final class HangsAtSecondStep extends ObjectCartPole {
        private int steps;

        @Override
        public StepResult step(double[] action) {
            if (++steps == 2) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return super.step(action);
        }
    }

    /** ObjectCartPole with a time limit of 3 steps. */
    public static final class ShortCartPole extends ObjectCartPole {
        private static final EnvSpec SPEC = new EnvSpec("ShortCartPole-v0", 3, OptionalDouble.empty(),
                new ObjectCartPole().spec().observationSpace(), new Discrete(2));

        @Override
        public EnvSpec spec() {
            return SPEC;
        }
    }

    /** Rewards NaN on the third step of an episode of env... every env: the first slot fails first. */
    public static final class NaNAtThirdStep extends ObjectCartPole {
        private static final EnvSpec SPEC = new EnvSpec("NaNAtThirdStep-v0", 100, OptionalDouble.empty(),
                new ObjectCartPole().spec().observationSpace(), new Discrete(2));
        private int steps;

        @Override
        public EnvSpec spec() {
            return SPEC;
        }

        @Override
        public StepResult step(double[] action) {
            StepResult result = super.step(action);
            return ++steps == 3 ? new StepResult(result.observation(), Double.NaN, false, false) : result;
        }
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (float) values[k];
        }
        return out;
    }

    private static float[] slice(float[] block, int env) {
        float[] out = new float[4];
        System.arraycopy(block, env * 4, out, 0, 4);
        return out;
    }
}
