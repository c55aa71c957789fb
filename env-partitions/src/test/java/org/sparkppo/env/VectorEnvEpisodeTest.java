package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.seed.SplitMix64;

/**
 * Verifies the episode bookkeeping of {@link VectorEnv#step}: a terminated episode leaves the
 * observation of its terminal state in {@link VectorEnv#finalObservations()} while the env restarts
 * from its next reset draw with its counters at zero; truncation fires exactly when the step counter
 * reaches {@link EnvSpec#maxEpisodeSteps()}, and together with termination when both happen on one
 * step; finished returns and lengths describe the whole episode.
 */
class VectorEnvEpisodeTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.load();
    private static final long SEED = 42L;

    /** The ids with a state block (EnvDynamics): the test loads states; ObjectEnvironmentTest covers the object API. */
    static Stream<String> registeredIds() {
        return REGISTRY.ids().stream().filter(id -> REGISTRY.family(id) instanceof EnvDynamics);
    }

    @Test
    void terminatedCartPoleKeepsItsTerminalObservationAndRestartsFromItsNextResetDraw() throws IOException {
        EnvDynamics cartPole = REGISTRY.dynamics("CartPole-v1");
        int partition = 4;
        VectorEnv env = VectorEnv.create(cartPole, 1, SEED, partition);
        SplitMix64 resetStream = SeedDerivation.stream(SEED, SeedDerivation.Purpose.ENV_RESET, partition, 0);
        double[] byHand = cartPoleResetDraw(resetStream);
        assertArrayEquals(byHand, env.state(0), "initial state");

        float[] pushRight = {1f};
        double[] reward = new double[1];
        boolean[] terminated = new boolean[1];
        int steps = 0;
        do {
            cartPole.step(byHand, pushRight, reward, terminated, 1);
            env.step(pushRight);
            steps++;
            assertEquals(terminated[0], env.terminated()[0], "terminated at step " + steps);
            if (!terminated[0]) {
                assertArrayEquals(byHand, env.state(0), "state at step " + steps);
                assertArrayEquals(observe(cartPole, byHand), env.observations(), "observation at step " + steps);
            }
        } while (!terminated[0] && steps < 100);

        assertTrue(terminated[0], "pushing right for 100 steps never tipped the pole");
        assertTrue(Math.abs(byHand[2]) > 12 * 2 * Math.PI / 360 || Math.abs(byHand[0]) > 2.4,
                "the hand-stepped state is not terminal: " + Arrays.toString(byHand));
        assertFalse(env.truncated()[0]);
        assertArrayEquals(observe(cartPole, byHand), env.finalObservations(), "final observation");
        assertEquals(steps, env.finishedLengths()[0]);
        assertEquals(steps, env.finishedReturns()[0], 0.0);

        double[] restart = cartPoleResetDraw(resetStream);
        assertArrayEquals(restart, env.state(0), "state after auto-reset");
        assertArrayEquals(observe(cartPole, restart), env.observations(), "observation after auto-reset");
        assertEquals(0, elapsedSteps(env, 0), "step counter after auto-reset");

        env.step(pushRight);
        assertEquals(1, elapsedSteps(env, 0), "step counter one step into the new episode");
    }

    @ParameterizedTest
    @MethodSource("registeredIds")
    void truncationFiresExactlyAtTheTimeLimit(String id) {
        int numEnvs = 4;
        VectorEnv env = REGISTRY.make(id, numEnvs, SEED, 0);
        int limit = env.spec().maxEpisodeSteps();
        int[] elapsed = new int[numEnvs];
        int[] length = new int[numEnvs];
        double[] episodeReturn = new double[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            // Start env i (i + 1) steps before its time limit, so every env is cut at least once.
            elapsed[i] = limit - 1 - i;
            env.loadState(i, env.state(i), elapsed[i]);
        }
        RandomActions actions = new RandomActions(env.spec(), numEnvs, 3);
        int truncations = 0;
        for (int t = 0; t < limit + 150; t++) {
            env.step(actions.next(env.actionMasks()));
            for (int i = 0; i < numEnvs; i++) {
                elapsed[i]++;
                length[i]++;
                episodeReturn[i] += env.rewards()[i];
                String where = id + " step " + t + " env " + i;
                assertEquals(elapsed[i] == limit, env.truncated()[i], where + ": truncated");
                if (env.terminated()[i] || env.truncated()[i]) {
                    truncations += env.truncated()[i] ? 1 : 0;
                    assertEquals(length[i], env.finishedLengths()[i], where + ": finished length");
                    assertEquals(episodeReturn[i], env.finishedReturns()[i], 0.0, where + ": finished return");
                    elapsed[i] = 0;
                    length[i] = 0;
                    episodeReturn[i] = 0;
                }
            }
        }
        assertTrue(truncations >= numEnvs, id + ": only " + truncations + " truncations");
    }

    @Test
    void pendulumNeverTerminatesAndIsTruncatedEvery200Steps() {
        VectorEnv env = REGISTRY.make("Pendulum-v1", 3, SEED, 1);
        RandomActions actions = new RandomActions(env.spec(), 3, 8);
        int truncations = 0;
        for (int step = 1; step <= 1_000; step++) {
            env.step(actions.next(env.actionMasks()));
            for (int i = 0; i < 3; i++) {
                assertFalse(env.terminated()[i], "terminated at step " + step);
                assertEquals(step % 200 == 0, env.truncated()[i], "truncated at step " + step);
                if (env.truncated()[i]) {
                    truncations++;
                    assertEquals(200, env.finishedLengths()[i]);
                }
            }
        }
        assertEquals(15, truncations);
    }

    @Test
    void episodeEndingOnItsLastAllowedStepIsTerminatedAndTruncated() {
        EnvDynamics cartPole = REGISTRY.dynamics("CartPole-v1");
        VectorEnv env = VectorEnv.create(cartPole, 1, SEED, 0);
        double[] edge = {2.39, 1.0, 0.0, 0.0};
        env.loadState(0, edge, 499);

        env.step(new float[] {1f});

        assertTrue(env.terminated()[0], "x leaves [-2.4, 2.4]");
        assertTrue(env.truncated()[0], "step 500 of CartPole-v1");
        double[] next = edge.clone();
        cartPole.step(next, new float[] {1f}, new double[1], new boolean[1], 1);
        assertArrayEquals(observe(cartPole, next), env.finalObservations());
    }

    /** CartPole's reset, as Gymnasium draws it: four uniforms on [-0.05, 0.05). */
    private static double[] cartPoleResetDraw(SplitMix64 stream) {
        double[] state = new double[4];
        for (int k = 0; k < 4; k++) {
            state[k] = stream.uniform(-0.05, 0.05);
        }
        return state;
    }

    private static float[] observe(EnvDynamics dynamics, double[] state) {
        float[] observation = new float[dynamics.spec().observationSpace().flatDim()];
        dynamics.observe(state, 0, observation);
        return observation;
    }

    /** Env {@code i}'s time-limit counter, read from the layout documented on {@link VectorEnv#snapshot()}. */
    private static int elapsedSteps(VectorEnv env, int i) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(env.snapshot()))) {
            in.readInt();
            in.readShort();
            in.readUTF();
            in.readInt();
            int stateDim = in.readInt();
            int perEnv = 8 * stateDim + 4 + 8 + 8 + 4;
            in.skipNBytes((long) i * perEnv + 8L * stateDim);
            return in.readInt();
        }
    }
}
