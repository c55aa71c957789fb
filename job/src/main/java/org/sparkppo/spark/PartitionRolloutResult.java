package org.sparkppo.spark;

import java.io.Serializable;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.rollout.FinishedEpisodes;

/**
 * What one partition's rollout task produces. The driver collects {@link #summary()} (small); the
 * {@link #samples()} stay cached on the executor for the PPO epochs.
 */
public final class PartitionRolloutResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RolloutSummary summary;
    private final TrainingSamples samples;

    public PartitionRolloutResult(RolloutSummary summary, TrainingSamples samples) {
        this.summary = summary;
        this.samples = samples;
    }

    public RolloutSummary summary() {
        return summary;
    }

    public TrainingSamples samples() {
        return samples;
    }

    /** The small part of a partition's rollout that goes back to the driver. */
    public static final class RolloutSummary implements Serializable {
        private static final long serialVersionUID = 1L;

        private final PartitionState nextState;
        private final FinishedEpisodes episodes;
        private final ExplainedVariance explainedVariance;
        private final long rolloutNanos;

        public RolloutSummary(PartitionState nextState, FinishedEpisodes episodes, ExplainedVariance explainedVariance,
                              long rolloutNanos) {
            this.nextState = nextState;
            this.episodes = episodes;
            this.explainedVariance = explainedVariance;
            this.rolloutNanos = rolloutNanos;
        }

        public PartitionState nextState() {
            return nextState;
        }

        public FinishedEpisodes episodes() {
            return episodes;
        }

        public ExplainedVariance explainedVariance() {
            return explainedVariance;
        }

        public long rolloutNanos() {
            return rolloutNanos;
        }
    }
}
