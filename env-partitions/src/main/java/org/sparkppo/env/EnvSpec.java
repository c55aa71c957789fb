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
 * @param stateDim         number of doubles of internal state per environment of an {@link EnvDynamics};
 *                         0 for an {@link Environment}, whose state lives in its instances
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
        if (stateDim < 0) {
            throw new IllegalArgumentException("stateDim must be >= 0, but was " + stateDim);
        }
    }

    /** The spec of an {@link Environment}: no state block ({@code stateDim} 0). */
    public EnvSpec(String id, int maxEpisodeSteps, OptionalDouble rewardThreshold, Box observationSpace,
                   Space actionSpace) {
        this(id, maxEpisodeSteps, rewardThreshold, observationSpace, actionSpace, 0);
    }

    public boolean hasTimeLimit() {
        return maxEpisodeSteps > 0;
    }
}
