package org.sparkppo.spark;

import java.io.Serializable;
import org.sparkppo.normalize.RunningMeanStd;
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
        private final AdvantageMoments advantageMoments;
        private final RunningMeanStd observationStats;
        private final RunningMeanStd returnStats;
        private final long rolloutNanos;

        /**
         * @param observationStats this rollout's raw-observation statistics, null when not normalized
         * @param returnStats      this rollout's discounted-return statistics, null when rewards are not scaled
         */
        public RolloutSummary(PartitionState nextState, FinishedEpisodes episodes, ExplainedVariance explainedVariance,
                              AdvantageMoments advantageMoments, RunningMeanStd observationStats,
                              RunningMeanStd returnStats, long rolloutNanos) {
            this.nextState = nextState;
            this.episodes = episodes;
            this.explainedVariance = explainedVariance;
            this.advantageMoments = advantageMoments;
            this.observationStats = observationStats;
            this.returnStats = returnStats;
            this.rolloutNanos = rolloutNanos;
        }

        public AdvantageMoments advantageMoments() {
            return advantageMoments;
        }

        public RunningMeanStd observationStats() {
            return observationStats;
        }

        public RunningMeanStd returnStats() {
            return returnStats;
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
