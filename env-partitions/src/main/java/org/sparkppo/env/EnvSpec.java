package org.sparkppo.env;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the registry knows about an environment before building it, as Gymnasium's {@code EnvSpec}.
 *
 * @param id               Gymnasium-style id, e.g. {@code CartPole-v1}
 * @param maxEpisodeSteps  time limit: an episode is truncated after this many steps; 0 means none
 * @param rewardThreshold  episodic return at which the task counts as solved, if defined
 * @param observationSpace the observation space (a float32 box)
 * @param actionSpace      the action space
 * @param stateDim         number of doubles of internal state per environment
 */
public record EnvSpec(String id, int maxEpisodeSteps, OptionalDouble rewardThreshold, Box observationSpace,
                      Space actionSpace, int stateDim) {

    public EnvSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rewardThreshold, "rewardThreshold");
        Objects.requireNonNull(observationSpace, "observationSpace");
        Objects.requireNonNull(actionSpace, "actionSpace");
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 0, but was " + maxEpisodeSteps);
        }
        if (stateDim < 1) {
            throw new IllegalArgumentException("stateDim must be >= 1, but was " + stateDim);
        }
    }

    public boolean hasTimeLimit() {
        return maxEpisodeSteps > 0;
    }
}
