package org.sparkppo.stage;

import java.io.Serializable;
import org.sparkppo.config.AdvantageScope;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.SyncMode;

/**
 * The PPO-epoch settings a task needs, fixed for the run. (A class, not a record: Kryo 4 cannot
 * serialize records.)
 */
public final class UpdateSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final int numPartitions;
    private final int numEpochs;
    private final int minibatchSize;
    private final double maxGradNorm;
    private final double targetKl;
    private final SyncMode sync;
    private final int averagingFrequency;
    private final AdvantageScope advantageScope;

    private UpdateSettings(PpoConfig config) {
        this.seed = config.run().seed();
        this.numPartitions = config.rollout().numPartitions();
        this.numEpochs = config.training().numEpochs();
        this.minibatchSize = config.training().minibatchSize();
        this.maxGradNorm = config.training().maxGradNorm();
        this.targetKl = config.training().targetKl();
        this.sync = config.training().sync();
        this.averagingFrequency = config.effectiveAveragingFrequency();
        this.advantageScope = config.training().advantageNormalization();
    }

    public static UpdateSettings of(PpoConfig config) {
        return new UpdateSettings(config);
    }

    long seed() {
        return seed;
    }

    int numPartitions() {
        return numPartitions;
    }

    int numEpochs() {
        return numEpochs;
    }

    int minibatchSize() {
        return minibatchSize;
    }

    double maxGradNorm() {
        return maxGradNorm;
    }

    double targetKl() {
        return targetKl;
    }

    SyncMode sync() {
        return sync;
    }

    int averagingFrequency() {
        return averagingFrequency;
    }

    AdvantageScope advantageScope() {
        return advantageScope;
    }
}
