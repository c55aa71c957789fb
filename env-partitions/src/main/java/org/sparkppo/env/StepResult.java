package org.sparkppo.env;

import java.util.Objects;

/**
 * What {@link Environment#step} returns, as Gymnasium's {@code (observation, reward, terminated,
 * truncated, info)} without the info.
 *
 * @param observation the observation after the step ({@link Space#flatDim()} entries); where the
 *                    episode ended, the observation it ended on
 * @param reward      the step's reward
 * @param terminated  the new state is terminal (no bootstrapping from it)
 * @param truncated   the environment cut the episode short itself; the spec's time limit is applied
 *                    by {@link VectorEnv} either way
 */
public record StepResult(double[] observation, double reward, boolean terminated, boolean truncated) {

    public StepResult {
        Objects.requireNonNull(observation, "observation");
    }
}
