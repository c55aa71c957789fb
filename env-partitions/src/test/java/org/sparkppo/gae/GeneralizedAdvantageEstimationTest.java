package org.sparkppo.gae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkppo.rollout.RolloutBuffer;
import org.sparkppo.seed.SplitMix64;

/**
 * Verifies {@link GeneralizedAdvantageEstimation} against closed forms and an independent oracle:
 * SB3's constant-value, terminal-reward closed form over γ, λ and episode count; λ = 0 as the
 * one-step TD error; λ = 1 as the discounted Monte Carlo return minus V; bootstrapping from the
 * final-observation value at a truncation and not at a termination; and, on random rollouts with
 * both kinds of episode end, the explicit forward sum Σ (γλ)^l δ_{t+l} up to the episode's or the
 * rollout's end. Returns must always equal advantages plus values.
 */
class GeneralizedAdvantageEstimationTest {
    private static final int EPISODE_LENGTH = 6;
    private static final double[] VALUE = {0.5, -2.0};
    private static final double[] TERMINAL_REWARD = {1.0, 10.0};

    static Stream<Arguments> closedFormCases() {
        return Stream.of(0.9, 0.99, 1.0).flatMap(gamma -> Stream.of(0.0, 0.5, 0.95, 1.0)
                .flatMap(lambda -> Stream.of(1, 2, 5).map(episodes -> Arguments.of(gamma, lambda, episodes))));
    }

    /**
     * V(s) = v everywhere and reward R on the last step of each episode only: δ = γv − v inside an
     * episode and R − v on its terminating step, so at step t' of an episode of length L
     * A = (γv − v) Σ_{l=0}^{L−2−t'} (γλ)^l + (γλ)^{L−1−t'} (R − v).
     */
    @ParameterizedTest(name = "gamma={0}, lambda={1}, {2} episodes")
    @MethodSource("closedFormCases")
    void constantValueAndTerminalRewardGiveTheClosedForm(double gamma, double lambda, int episodes) {
        int numSteps = episodes * EPISODE_LENGTH;
        RolloutBuffer buffer = new RolloutBuffer(numSteps, VALUE.length, 1, 1);
        for (int t = 0; t < numSteps; t++) {
            boolean last = t % EPISODE_LENGTH == EPISODE_LENGTH - 1;
            for (int env = 0; env < VALUE.length; env++) {
                buffer.values()[t][env] = VALUE[env];
                buffer.rewards()[t][env] = last ? TERMINAL_REWARD[env] : 0.0;
                buffer.terminated()[t][env] = last;
            }
        }
        System.arraycopy(VALUE, 0, buffer.lastValues(), 0, VALUE.length);

        GeneralizedAdvantageEstimation.compute(buffer, gamma, lambda);

        double decay = gamma * lambda;
        for (int t = 0; t < numSteps; t++) {
            int stepsToEnd = EPISODE_LENGTH - 1 - t % EPISODE_LENGTH;
            for (int env = 0; env < VALUE.length; env++) {
                double v = VALUE[env];
                double expected = (gamma * v - v) * geometricSum(decay, stepsToEnd)
                        + Math.pow(decay, stepsToEnd) * (TERMINAL_REWARD[env] - v);
                assertEquals(expected, buffer.advantages()[t][env], 1e-12, "advantage at t=" + t + ", env " + env);
                assertEquals(expected + v, buffer.returns()[t][env], 1e-12, "return at t=" + t + ", env " + env);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("randomSeeds")
    void lambdaZeroGivesTheOneStepTdError(long seed) {
        RolloutBuffer buffer = randomRollout(seed, 64, 5);
        double gamma = 0.97;

        GeneralizedAdvantageEstimation.compute(buffer, gamma, 0.0);

        for (int t = 0; t < buffer.numSteps(); t++) {
            for (int env = 0; env < buffer.numEnvs(); env++) {
                double nextValue = buffer.truncated()[t][env] ? buffer.finalObservationValues()[t][env]
                        : t + 1 < buffer.numSteps() ? buffer.values()[t + 1][env] : buffer.lastValues()[env];
                double notTerminal = buffer.terminated()[t][env] ? 0 : 1;
                double tdError = buffer.rewards()[t][env] + gamma * notTerminal * nextValue - buffer.values()[t][env];
                assertEquals(tdError, buffer.advantages()[t][env], 1e-12, "t=" + t + ", env " + env);
                assertReturnIsAdvantagePlusValue(buffer, t, env);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("randomSeeds")
    void lambdaOneGivesTheDiscountedReturnMinusValue(long seed) {
        RolloutBuffer buffer = randomRollout(seed, 64, 5);
        double gamma = 0.95;

        GeneralizedAdvantageEstimation.compute(buffer, gamma, 1.0);

        for (int t = 0; t < buffer.numSteps(); t++) {
            for (int env = 0; env < buffer.numEnvs(); env++) {
                double discountedReturn = 0;
                double discount = 1;
                for (int k = t; k < buffer.numSteps(); k++) {
                    discountedReturn += discount * buffer.rewards()[k][env];
                    discount *= gamma;
                    if (buffer.terminated()[k][env]) {
                        break;
                    }
                    if (buffer.truncated()[k][env]) {
                        discountedReturn += discount * buffer.finalObservationValues()[k][env];
                        break;
                    }
                    if (k == buffer.numSteps() - 1) {
                        discountedReturn += discount * buffer.lastValues()[env];
                    }
                }
                assertEquals(discountedReturn - buffer.values()[t][env], buffer.advantages()[t][env], 1e-10,
                        "t=" + t + ", env " + env);
                assertReturnIsAdvantagePlusValue(buffer, t, env);
            }
        }
    }

    @Test
    void truncatedStepBootstrapsFromTheFinalObservationValue() {
        RolloutBuffer buffer = episodeEndsRollout();
        GeneralizedAdvantageEstimation.compute(buffer, 0.9, 0.8);

        double truncatedAdvantage = 1.0 + 0.9 * 5.0 - 2.0;
        assertEquals(truncatedAdvantage, buffer.advantages()[1][0], 1e-12,
                "bootstraps from V(final observation) = 5, not from the reset observation's value 100");
        assertEquals(0.5 + 0.9 * 2.0 - 1.0 + 0.9 * 0.8 * truncatedAdvantage, buffer.advantages()[0][0], 1e-12);
    }

    @Test
    void terminatedStepDoesNotBootstrap() {
        RolloutBuffer buffer = episodeEndsRollout();
        GeneralizedAdvantageEstimation.compute(buffer, 0.9, 0.8);

        assertEquals(2.0 - 100.0, buffer.advantages()[2][0], 1e-12);
    }

    @Test
    void stepBothTerminatedAndTruncatedDoesNotBootstrap() {
        RolloutBuffer buffer = episodeEndsRollout();
        GeneralizedAdvantageEstimation.compute(buffer, 0.9, 0.8);

        assertEquals(-1.0 - 3.0, buffer.advantages()[3][0], 1e-12);
    }

    static Stream<Arguments> oracleCases() {
        return Stream.of(Arguments.of(1L, 0.99, 0.95), Arguments.of(2L, 0.9, 0.5), Arguments.of(3L, 1.0, 1.0),
                Arguments.of(4L, 0.999, 0.0), Arguments.of(5L, 0.8, 0.9));
    }

    @ParameterizedTest(name = "seed {0}, gamma={1}, lambda={2}")
    @MethodSource("oracleCases")
    void matchesTheForwardSumOfDiscountedTdErrors(long seed, double gamma, double lambda) {
        RolloutBuffer buffer = randomRollout(seed, 64, 6);
        int numSteps = buffer.numSteps();

        GeneralizedAdvantageEstimation.compute(buffer, gamma, lambda);

        for (int env = 0; env < buffer.numEnvs(); env++) {
            double[] tdErrors = new double[numSteps];
            for (int t = 0; t < numSteps; t++) {
                double bootstrap;
                if (buffer.terminated()[t][env]) {
                    bootstrap = 0;
                } else if (buffer.truncated()[t][env]) {
                    bootstrap = buffer.finalObservationValues()[t][env];
                } else if (t == numSteps - 1) {
                    bootstrap = buffer.lastValues()[env];
                } else {
                    bootstrap = buffer.values()[t + 1][env];
                }
                tdErrors[t] = buffer.rewards()[t][env] + gamma * bootstrap - buffer.values()[t][env];
            }
            for (int t = 0; t < numSteps; t++) {
                double advantage = 0;
                for (int l = 0; t + l < numSteps; l++) {
                    advantage += Math.pow(gamma * lambda, l) * tdErrors[t + l];
                    if (buffer.terminated()[t + l][env] || buffer.truncated()[t + l][env]) {
                        break;
                    }
                }
                assertEquals(advantage, buffer.advantages()[t][env], 1e-9, "t=" + t + ", env " + env);
                assertEquals(advantage + buffer.values()[t][env], buffer.returns()[t][env], 1e-9,
                        "return at t=" + t + ", env " + env);
            }
        }
    }

    static Stream<Long> randomSeeds() {
        return Stream.of(7L, 8L, 9L);
    }

    /** Σ_{l=0}^{n−1} x^l. */
    private static double geometricSum(double x, int n) {
        return x == 1.0 ? n : (1 - Math.pow(x, n)) / (1 - x);
    }

    /**
     * One env, four steps: a plain step, a step truncated with V(final observation) = 5 whose
     * successor row (the reset observation) has value 100, a terminated step, and a step both
     * terminated and truncated; final-observation values are set at the terminated steps too, so
     * bootstrapping from them would show.
     */
    private static RolloutBuffer episodeEndsRollout() {
        RolloutBuffer buffer = new RolloutBuffer(4, 1, 1, 1);
        double[] rewards = {0.5, 1.0, 2.0, -1.0};
        double[] values = {1.0, 2.0, 100.0, 3.0};
        double[] finalValues = {0.0, 5.0, 7.0, 9.0};
        boolean[] terminated = {false, false, true, true};
        boolean[] truncated = {false, true, false, true};
        for (int t = 0; t < 4; t++) {
            buffer.rewards()[t][0] = rewards[t];
            buffer.values()[t][0] = values[t];
            buffer.finalObservationValues()[t][0] = finalValues[t];
            buffer.terminated()[t][0] = terminated[t];
            buffer.truncated()[t][0] = truncated[t];
        }
        buffer.lastValues()[0] = 50.0;
        return buffer;
    }

    /**
     * Random rewards and values, each step terminated and truncated independently with
     * probability 0.1 (so some steps are both), a random final-observation value on every
     * truncated step, and a random V(s_T).
     */
    private static RolloutBuffer randomRollout(long seed, int numSteps, int numEnvs) {
        SplitMix64 rng = new SplitMix64(seed);
        RolloutBuffer buffer = new RolloutBuffer(numSteps, numEnvs, 1, 1);
        for (int t = 0; t < numSteps; t++) {
            for (int env = 0; env < numEnvs; env++) {
                buffer.rewards()[t][env] = rng.uniform(-1, 1);
                buffer.values()[t][env] = rng.uniform(-5, 5);
                buffer.terminated()[t][env] = rng.nextDouble() < 0.1;
                buffer.truncated()[t][env] = rng.nextDouble() < 0.1;
                if (buffer.truncated()[t][env]) {
                    buffer.finalObservationValues()[t][env] = rng.uniform(-5, 5);
                }
            }
        }
        for (int env = 0; env < numEnvs; env++) {
            buffer.lastValues()[env] = rng.uniform(-5, 5);
        }
        return buffer;
    }

    private static void assertReturnIsAdvantagePlusValue(RolloutBuffer buffer, int t, int env) {
        assertEquals(buffer.advantages()[t][env] + buffer.values()[t][env], buffer.returns()[t][env], 0.0,
                "return at t=" + t + ", env " + env);
    }
}
