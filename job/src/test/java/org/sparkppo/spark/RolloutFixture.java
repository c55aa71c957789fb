package org.sparkppo.spark;

import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;

/** Runs the real partition rollout stage in-process, as an executor would. */
public final class RolloutFixture {

    private RolloutFixture() {
    }

    /** The rollout of partition {@code partition}'s first iteration under {@code parameters}. */
    public static PartitionRolloutResult rollout(PpoConfig config, PolicyParameters parameters, int partition) {
        VectorEnv env = EnvRegistry.load().make(config.envId(), config.rollout().envsPerPartition(),
                config.run().seed(), partition);
        NormalizationStats initial = NormalizationStats.initial(config.normalize(), env.observationDim());
        return new PartitionRollout(null, PartitionRollout.Settings.of(config, initial), 1)
                .run(parameters, PartitionState.of(partition, env));
    }
}
