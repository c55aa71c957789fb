package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.channel.AggregationServer;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.model.ActorCriticGraph;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.AdamStep;
import org.sparkppo.model.Dl4jGlobalNormClipping;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.seed.SeedDerivation;

/**
 * The two synchronizing modes against DL4J's own training, on real rollouts of two partitions whose
 * tasks run as threads and meet over the real aggregation channel:
 * <ul>
 *   <li>{@code gradient} equals one learner that fits, with DL4J's {@code fit}, global-norm clipping and
 *       Adam, each union of the partitions' minibatch {@code j};</li>
 *   <li>{@code parameter-averaging} equals one DL4J network per partition fitting its own minibatches,
 *       with parameters and Adam state averaged after every epoch (DL4J's parameter-averaging rule).</li>
 * </ul>
 * Batch-scope advantage normalization, so the union's advantages are what each partition's share
 * sees. The step counts match exactly; parameters within 1e-10 (the union's gradient is summed in
 * another order than the partitions' two sums).
 */
class SyncModesTest {
    private static final int PARTITIONS = 2;

    private static PpoConfig config(String sync) {
        return TestConfigs.load(List.of("training.sync=" + sync, "model.hiddenSizes=[16, 16]",
                "rollout.numPartitions=2", "rollout.envsPerPartition=2", "rollout.numSteps=32",
                "training.minibatchSize=16", "training.numEpochs=3", "training.advantageNormalization=batch",
                "training.annealLearningRate=false", "training.learningRate=3e-3", "training.valueClipRange=0.2",
                "training.entropyCoef=0.01", "training.maxGradNorm=0.5", "run.totalTimesteps=1024"));
    }

    @Test
    void gradientSyncIsTheSingleLearnerOnTheUnionOfTheMinibatches() throws Exception {
        PpoConfig config = config("gradient");
        ComputationGraph start = network(config);
        PartitionResult result = runStage(config, start).get(0);

        ComputationGraph learner = start.clone();
        learner.setListeners(new Dl4jGlobalNormClipping(config.training().maxGradNorm()));
        List<PackedSamples> packed = packedPartitions(config, start);
        int minibatches = config.minibatchesPerPartition();
        for (int epoch = 1; epoch <= config.training().numEpochs(); epoch++) {
            List<int[]> orders = orders(config, packed, epoch);
            for (int j = 0; j < minibatches; j++) {
                List<MultiDataSet> shares = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    shares.add(packed.get(p).minibatch(orders.get(p), j));
                }
                learner.fit(union(shares));
            }
        }
        assertEquals(learner.getIterationCount(), result.optimizerSteps());
        assertArrayEquals(learner.params().toDoubleVector(), result.parameters(), 1e-10);
        assertArrayEquals(learner.getUpdater().getStateViewArray().toDoubleVector(), result.adamState(), 1e-10);
    }

    @Test
    void parameterAveragingAveragesParametersAndAdamStateAfterEveryEpoch() throws Exception {
        PpoConfig config = config("parameter-averaging");
        ComputationGraph start = network(config);
        PartitionResult result = runStage(config, start).get(0);

        List<PackedSamples> packed = packedPartitions(config, start);
        ComputationGraph average = start.clone();
        for (int epoch = 1; epoch <= config.training().numEpochs(); epoch++) {
            List<int[]> orders = orders(config, packed, epoch);
            INDArray params = null;
            INDArray state = null;
            int steps = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                ComputationGraph replica = average.clone();
                // A clone's configuration starts its step count at 0; Adam's bias correction needs the real one.
                replica.getConfiguration().setIterationCount(average.getIterationCount());
                replica.setListeners(new Dl4jGlobalNormClipping(config.training().maxGradNorm()));
                for (int j = 0; j < config.minibatchesPerPartition(); j++) {
                    replica.fit(packed.get(p).minibatch(orders.get(p), j));
                }
                params = params == null ? replica.params().dup() : params.addi(replica.params());
                INDArray s = replica.getUpdater().getStateViewArray();
                state = state == null ? s.dup() : state.addi(s);
                steps = replica.getIterationCount();
            }
            average.setParams(params.divi(PARTITIONS));
            average.getUpdater().getStateViewArray().assign(state.divi(PARTITIONS));
            average.getConfiguration().setIterationCount(steps);
        }
        assertEquals(average.getIterationCount(), result.optimizerSteps());
        assertArrayEquals(average.params().toDoubleVector(), result.parameters(), 1e-10);
        assertArrayEquals(average.getUpdater().getStateViewArray().toDoubleVector(), result.adamState(), 1e-10);
    }

    private static ComputationGraph network(PpoConfig config) {
        EnvSpec spec = EnvRegistry.load().spec(config.envId());
        return ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
    }

    /** Iteration 1 of both partitions as concurrent tasks on one aggregation channel; results in partition order. */
    private static List<PartitionResult> runStage(PpoConfig config, ComputationGraph net) throws Exception {
        EnvSpec spec = EnvRegistry.load().spec(config.envId());
        try (AggregationServer server = AggregationServer.open("127.0.0.1", Duration.ofSeconds(60))) {
            server.expect(1, PARTITIONS);
            IterationInputs inputs = new IterationInputs(1, 0, ActorCriticGraph.of(net), AdamStep.of(net),
                    net.params().toDoubleVector(), net.getUpdater().getStateViewArray().toDoubleVector(), 0,
                    config.learningRate(1), config.clipRange(1), 0.0, PartitionRollout.Settings.of(config,
                            NormalizationStats.initial(config.normalize(), spec.observationSpace().flatDim())),
                    UpdateSettings.of(config), server.address());
            ExecutorService tasks = Executors.newFixedThreadPool(PARTITIONS);
            try {
                List<Future<PartitionResult>> results = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    VectorEnv env = EnvRegistry.load().make(config.envId(), config.rollout().envsPerPartition(),
                            config.run().seed(), p);
                    PartitionState state = PartitionState.of(p, env);
                    results.add(tasks.submit(() -> PartitionIteration.run(inputs, state)));
                }
                List<PartitionResult> done = new ArrayList<>();
                for (Future<PartitionResult> f : results) {
                    done.add(f.get());
                }
                return done;
            } finally {
                tasks.shutdownNow();
            }
        }
    }

    /** Each partition's rollout with the batch-scope advantage normalization, packed as its task packs it. */
    private static List<PackedSamples> packedPartitions(PpoConfig config, ComputationGraph net) {
        List<TrainingSamples> samples = new ArrayList<>();
        double[] moments = new double[3];
        for (int p = 0; p < PARTITIONS; p++) {
            TrainingSamples s = RolloutFixture.rollout(config, net, p).samples();
            samples.add(s);
            double[] m = AdvantageMoments.of(s.advantages()).toArray();
            for (int i = 0; i < 3; i++) {
                moments[i] += m[i];
            }
        }
        AdvantageTransform transform = AdvantageTransform.of(AdvantageMoments.fromArray(moments));
        List<PackedSamples> packed = new ArrayList<>();
        for (TrainingSamples s : samples) {
            packed.add(new PackedSamples(transform.applyTo(s), config.clipRange(1), 0.0,
                    config.training().minibatchSize()));
        }
        return packed;
    }

    private static List<int[]> orders(PpoConfig config, List<PackedSamples> packed, int epoch) {
        List<int[]> orders = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            orders.add(MinibatchOrder.shuffled(packed.get(p).count(), SeedDerivation.stream(config.run().seed(),
                    SeedDerivation.Purpose.MINIBATCH_SHUFFLE, 1, epoch, p)));
        }
        return orders;
    }

    /** The minibatches' rows stacked, in partition order. */
    private static MultiDataSet union(List<MultiDataSet> shares) {
        INDArray[] features = {Nd4j.vstack(shares.stream().map(s -> s.getFeatures(0)).toArray(INDArray[]::new))};
        INDArray[] labels = new INDArray[2];
        for (int l = 0; l < 2; l++) {
            int label = l;
            labels[l] = Nd4j.vstack(shares.stream().map(s -> s.getLabels(label).dup()).toArray(INDArray[]::new))
                    .castTo(DataType.DOUBLE);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labels);
    }
}
