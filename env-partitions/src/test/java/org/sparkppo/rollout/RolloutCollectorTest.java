package org.sparkppo.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.env.CountingTestEnv;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;

/**
 * Verifies {@link RolloutCollector#collect} with a deterministic policy against a twin
 * {@link VectorEnv} stepped separately with the same actions: each buffer row holds the
 * observations the policy acted on, its actions, log-probabilities and values; rewards and flags
 * are the env's; the final-observation value is V(final observation) exactly where a step was
 * truncated and not terminated and 0 elsewhere; {@code lastValues} are the values after the last
 * step; and finished episodes carry the right step, return and length, also when they began in an
 * earlier rollout. A buffer of the wrong shape is rejected.
 */
class RolloutCollectorTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.load();
    private static final long SEED = 99L;
    private static final double LOG_PROB = -0.6931;

    @Test
    void pendulumRolloutMatchesItsTwinAndValuesTheObservationsCutByTheTimeLimit() {
        Twin twin = new Twin("Pendulum-v1", 3);
        RolloutBuffer buffer = twin.buffer(450);

        FinishedEpisodes episodes = RolloutCollector.collect(twin.env, twin.policy, buffer);

        twin.verify(buffer, episodes);
        assertEquals(6, episodes.count(), "three envs cut at steps 200 and 400");
        for (int k = 0; k < episodes.count(); k++) {
            assertEquals(k < 3 ? 199 : 399, episodes.step(k));
            assertEquals(200, episodes.length(k));
        }
        assertEquals(6, twin.bootstrappedTruncations);
    }

    @Test
    void cartPoleEpisodesSpanningTwoRolloutsAreReportedWithReturnsEqualToLengths() {
        Twin twin = new Twin("CartPole-v1", 4);
        List<FinishedEpisodes> rollouts = new ArrayList<>();
        for (int rollout = 0; rollout < 2; rollout++) {
            RolloutBuffer buffer = twin.buffer(25);
            FinishedEpisodes episodes = RolloutCollector.collect(twin.env, twin.policy, buffer);
            twin.verify(buffer, episodes);
            rollouts.add(episodes);
        }

        boolean spanned = false;
        for (FinishedEpisodes episodes : rollouts) {
            assertTrue(episodes.count() > 0);
            for (int k = 0; k < episodes.count(); k++) {
                assertEquals(episodes.length(k), episodes.episodeReturn(k), 0.0, "CartPole pays 1 per step");
                spanned |= episodes.length(k) > episodes.step(k) + 1;
            }
        }
        assertTrue(spanned, "no episode began before the rollout it ended in");
    }

    @Test
    void finalObservationValueIsZeroWhereATruncatedStepAlsoTerminated() {
        Twin twin = new Twin(CountingTestEnv.ID, 2);
        RolloutBuffer buffer = twin.buffer(2 * CountingTestEnv.TIME_LIMIT);

        FinishedEpisodes episodes = RolloutCollector.collect(twin.env, twin.policy, buffer);

        twin.verify(buffer, episodes);
        for (int t = CountingTestEnv.TIME_LIMIT - 1; t < buffer.numSteps(); t += CountingTestEnv.TIME_LIMIT) {
            // Env 0 always adds 0: truncated only. Env 1 always adds 1: reaches the target on the last step.
            assertTrue(buffer.truncated()[t][0] && !buffer.terminated()[t][0]);
            assertTrue(buffer.truncated()[t][1] && buffer.terminated()[t][1]);
            assertTrue(buffer.finalObservationValues()[t][0] != 0, "V(final observation) of env 0 at step " + t);
            assertEquals(0.0, buffer.finalObservationValues()[t][1], 0.0, "env 1 at step " + t);
        }
        assertEquals(4, episodes.count());
    }

    @ParameterizedTest(name = "buffer of {0} envs, obs {1}, action {2}")
    @CsvSource({"3, 4, 1", "2, 3, 1", "2, 4, 2"})
    void bufferOfAnotherShapeIsRejected(int numEnvs, int observationDim, int actionDim) {
        VectorEnv env = REGISTRY.make("CartPole-v1", 2, SEED, 0);
        RolloutBuffer buffer = new RolloutBuffer(8, numEnvs, observationDim, actionDim);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RolloutCollector.collect(env, new ParityPolicy(4, 1), buffer));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    /**
     * A deterministic policy: action = the row's parity (in every action slot), log-probability
     * {@link #LOG_PROB}, V(s) = 10·obs[0]. Records a copy of every observation block it acts on.
     */
    private static final class ParityPolicy implements Policy {
        private final int observationDim;
        private final int actionDim;
        private final List<float[]> actedOn = new ArrayList<>();

        ParityPolicy(int observationDim, int actionDim) {
            this.observationDim = observationDim;
            this.actionDim = actionDim;
        }

        static double value(float[] observations, int row, int observationDim) {
            return 10.0 * observations[row * observationDim];
        }

        @Override
        public void act(float[] observations, boolean[] actionMasks, int count, float[] actions, double[] logProbs,
                            double[] values) {
            actedOn.add(Arrays.copyOf(observations, count * observationDim));
            for (int i = 0; i < count; i++) {
                Arrays.fill(actions, i * actionDim, (i + 1) * actionDim, i % 2);
                logProbs[i] = LOG_PROB;
                values[i] = value(observations, i, observationDim);
            }
        }

        @Override
        public void values(float[] observations, int count, double[] values) {
            for (int i = 0; i < count; i++) {
                values[i] = value(observations, i, observationDim);
            }
        }
    }

    /**
     * The env the collector runs, its policy, and a twin env stepped here with the parity actions,
     * with the running return and length of every twin episode, so rollouts can be checked one
     * after another.
     */
    private static final class Twin {
        final VectorEnv env;
        final ParityPolicy policy;
        private final VectorEnv twin;
        private final float[] parityActions;
        private final int[] lengths;
        private final double[] returns;
        int bootstrappedTruncations;

        Twin(String id, int numEnvs) {
            env = REGISTRY.make(id, numEnvs, SEED, 1);
            twin = REGISTRY.make(id, numEnvs, SEED, 1);
            policy = new ParityPolicy(env.observationDim(), env.actionDim());
            parityActions = new float[numEnvs * env.actionDim()];
            for (int i = 0; i < numEnvs; i++) {
                Arrays.fill(parityActions, i * env.actionDim(), (i + 1) * env.actionDim(), i % 2);
            }
            lengths = new int[numEnvs];
            returns = new double[numEnvs];
        }

        RolloutBuffer buffer(int numSteps) {
            return new RolloutBuffer(numSteps, env.numEnvs(), env.observationDim(), env.actionDim());
        }

        /** Steps the twin through the rollout {@code buffer} holds and checks every row against it. */
        void verify(RolloutBuffer buffer, FinishedEpisodes episodes) {
            int obsDim = env.observationDim();
            int numEnvs = env.numEnvs();
            int episode = 0;
            List<float[]> actedOn = policy.actedOn.subList(policy.actedOn.size() - buffer.numSteps(),
                    policy.actedOn.size());
            for (int t = 0; t < buffer.numSteps(); t++) {
                String where = "step " + t;
                assertArrayEquals(twin.observations(), buffer.observations()[t], where + ": observations");
                assertArrayEquals(twin.observations(), actedOn.get(t), where + ": observations acted on");
                assertArrayEquals(parityActions, buffer.actions()[t], where + ": actions");
                for (int i = 0; i < numEnvs; i++) {
                    assertEquals(LOG_PROB, buffer.logProbs()[t][i], 0.0, where + ": log-probability");
                    assertEquals(ParityPolicy.value(twin.observations(), i, obsDim), buffer.values()[t][i], 0.0,
                            where + ": value of env " + i);
                }

                twin.step(parityActions);
                assertArrayEquals(twin.rewards(), buffer.rewards()[t], where + ": rewards");
                assertArrayEquals(twin.terminated(), buffer.terminated()[t], where + ": terminated");
                assertArrayEquals(twin.truncated(), buffer.truncated()[t], where + ": truncated");
                for (int i = 0; i < numEnvs; i++) {
                    boolean cut = twin.truncated()[i] && !twin.terminated()[i];
                    double expected = cut ? ParityPolicy.value(twin.finalObservations(), i, obsDim) : 0.0;
                    assertEquals(expected, buffer.finalObservationValues()[t][i], 0.0,
                            where + ": final-observation value of env " + i);
                    bootstrappedTruncations += cut ? 1 : 0;

                    lengths[i]++;
                    returns[i] += twin.rewards()[i];
                    if (twin.terminated()[i] || twin.truncated()[i]) {
                        assertTrue(episode < episodes.count(), where + ": episode of env " + i + " not reported");
                        assertEquals(t, episodes.step(episode), where + ": step of episode " + episode);
                        assertEquals(returns[i], episodes.episodeReturn(episode), 0.0,
                                where + ": return of episode " + episode);
                        assertEquals(lengths[i], episodes.length(episode), where + ": length of episode " + episode);
                        episode++;
                        lengths[i] = 0;
                        returns[i] = 0;
                    }
                }
            }
            assertEquals(episode, episodes.count(), "number of finished episodes");
            for (int i = 0; i < numEnvs; i++) {
                assertEquals(ParityPolicy.value(twin.observations(), i, obsDim), buffer.lastValues()[i], 0.0,
                        "last value of env " + i);
            }
            assertArrayEquals(twin.snapshot(), env.snapshot(), "env after the rollout");
        }
    }

    @Test
    void boxActionsAreStoredAsSampledAndStepTheEnvironmentClippedToTheBounds() {
        VectorEnv env = REGISTRY.make("MountainCarContinuous-v0", 2, SEED, 0);
        VectorEnv twin = REGISTRY.make("MountainCarContinuous-v0", 2, SEED, 0);
        float[] sampled = {5.0f, -0.25f};
        Policy fixed = new Policy() {
            @Override
            public void act(float[] observations, boolean[] actionMasks, int count, float[] actions, double[] logProbs,
                            double[] values) {
                System.arraycopy(sampled, 0, actions, 0, count);
            }

            @Override
            public void values(float[] observations, int count, double[] values) {
            }
        };
        RolloutBuffer buffer = new RolloutBuffer(3, 2, env.observationDim(), env.actionDim());
        RolloutCollector.collect(env, fixed, buffer);
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(sampled, buffer.actions()[t], 0f, "stored action at step " + t);
            twin.step(new float[] {1.0f, -0.25f});
            // MountainCarContinuous charges 0.1·a² on the action it receives: 0.1 for the clipped 1.0, not 2.5.
            assertArrayEquals(twin.rewards(), buffer.rewards()[t], 0.0, "rewards at step " + t);
        }
    }
}
