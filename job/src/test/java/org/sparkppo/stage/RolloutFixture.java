package org.sparkppo.stage;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;

/** Runs the real partition rollout in-process, as an iteration's task does. */
public final class RolloutFixture {

    private RolloutFixture() {
    }

    /** The rollout of partition {@code partition}'s first iteration under {@code net}'s parameters. */
    public static PartitionRollout.RolloutOutcome rollout(PpoConfig config, ComputationGraph net, int partition) {
        VectorEnv env = EnvRegistry.load().make(config.envId(), config.rollout().envsPerPartition(),
                config.run().seed(), partition);
        NormalizationStats initial = NormalizationStats.initial(config.normalize(), env.observationDim());
        ActorCriticForward forward = ActorCriticForward.of(net);
        forward.load(net.params().toDoubleVector());
        return new PartitionRollout(PartitionRollout.Settings.of(config, initial), 1)
                .run(forward, PartitionState.of(partition, env));
    }

    /** All of {@code samples}, in order, as one minibatch. */
    public static org.nd4j.linalg.dataset.api.MultiDataSet wholeBatch(TrainingSamples samples, double clipRange,
                                                                      double klCoef) {
        return new PackedSamples(samples, clipRange, klCoef, samples.count())
                .minibatch(TrainingDataLayout.inOrder(samples.count()), 0);
    }
}
