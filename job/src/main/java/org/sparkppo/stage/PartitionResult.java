package org.sparkppo.stage;

import java.io.Serializable;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.rollout.FinishedEpisodes;

/**
 * What one partition's task of an iteration returns to the driver: the partition's next state, its
 * finished episodes, its statistics (explained variance, raw observations and discounted returns for
 * the normalizers, the update diagnostics) and, where the driver needs it, the replica's model:
 * every partition's with {@code iteration-averaging}, partition 0's otherwise (all replicas are
 * equal then). (A class, not a record: Kryo 4 cannot serialize records.)
 */
public final class PartitionResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PartitionState nextState;
    private final FinishedEpisodes episodes;
    private final ExplainedVariance explainedVariance;
    private final RunningMeanStd observationStats;
    private final RunningMeanStd returnStats;
    private final UpdateDiagnostics diagnostics;
    private final double[] parameters;
    private final double[] adamState;
    private final int optimizerSteps;
    private final long rolloutNanos;
    private final long updateNanos;

    /**
     * @param observationStats null when observations are not normalized
     * @param returnStats      null when rewards are not scaled
     * @param parameters       null when the driver does not need this partition's model
     */
    public PartitionResult(PartitionState nextState, FinishedEpisodes episodes, ExplainedVariance explainedVariance,
                           RunningMeanStd observationStats, RunningMeanStd returnStats, UpdateDiagnostics diagnostics,
                           double[] parameters, double[] adamState, int optimizerSteps, long rolloutNanos,
                           long updateNanos) {
        this.nextState = nextState;
        this.episodes = episodes;
        this.explainedVariance = explainedVariance;
        this.observationStats = observationStats;
        this.returnStats = returnStats;
        this.diagnostics = diagnostics;
        this.parameters = parameters;
        this.adamState = adamState;
        this.optimizerSteps = optimizerSteps;
        this.rolloutNanos = rolloutNanos;
        this.updateNanos = updateNanos;
    }

    public int partition() {
        return nextState.partition();
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

    public RunningMeanStd observationStats() {
        return observationStats;
    }

    public RunningMeanStd returnStats() {
        return returnStats;
    }

    public UpdateDiagnostics diagnostics() {
        return diagnostics;
    }

    public boolean hasModel() {
        return parameters != null;
    }

    public double[] parameters() {
        return parameters;
    }

    public double[] adamState() {
        return adamState;
    }

    public int optimizerSteps() {
        return optimizerSteps;
    }

    public long rolloutNanos() {
        return rolloutNanos;
    }

    public long updateNanos() {
        return updateNanos;
    }
}
