package org.sparkppo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.GlobalGradientNormClipping;

/**
 * {@code training.sync = gradient} is single-learner PPO, distributed: two epochs of its updates
 * over three partitions' rollouts, on real Spark ({@code local[2]}, Kryo with registration
 * required), end with the same parameters and optimizer state as DL4J's own {@code fit} on one
 * network, step by step fed the union of the three partitions' minibatches {@code j}: the
 * one-partition run on the same data. With gradient clipping off, on, and binding on every step;
 * for a categorical and a Gaussian policy.
 */
class GradientSyncIT {
    private static final int PARTITIONS = 3;
    private static final int MINIBATCH = 16;
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("GradientSyncIT")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", PpoKryoRegistrator.class.getName())
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    @ParameterizedTest(name = "{0}, maxGradNorm {1}")
    @CsvSource({"CartPole-v1, 0", "CartPole-v1, 0.5", "CartPole-v1, 0.001", "Pendulum-v1, 0.5", "Pendulum-v1, 0.001"})
    void severalPartitionsMatchOneLearnerOnTheSameData(String envId, double maxGradNorm) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "rollout.numPartitions=" + PARTITIONS,
                "rollout.envsPerPartition=2", "rollout.numSteps=32", "training.minibatchSize=" + MINIBATCH,
                "training.advantageNormalization=batch", "training.maxGradNorm=" + maxGradNorm,
                "training.learningRate=1e-3", "training.sync=gradient"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        ComputationGraph initial = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
        List<TrainingSamples> samples = new ArrayList<>();
        AdvantageMoments moments = new AdvantageMoments();
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionRolloutResult rollout = RolloutFixture.rollout(config, PolicyParameters.of(initial), p);
            samples.add(rollout.samples());
            moments.merge(rollout.summary().advantageMoments());
        }
        IterationCoefficients coefficients = new IterationCoefficients(0.2, 0.0, AdvantageTransform.of(moments));
        int minibatches = config.minibatchesPerPartition();

        GradientSync distributed = new GradientSync(sc, initial.clone(), minibatches, maxGradNorm);
        JavaRDD<TrainingSamples> rdd = sc.parallelize(samples, PARTITIONS);
        ComputationGraph single = initial.clone();
        if (maxGradNorm > 0) {
            single.setListeners(new GlobalGradientNormClipping(maxGradNorm));
        }
        for (int epoch = 1; epoch <= 2; epoch++) {
            EpochMinibatches minibatchesOfEpoch = new EpochMinibatches(config.run().seed(), 1, epoch, MINIBATCH,
                    coefficients);
            distributed.fit(rdd, minibatchesOfEpoch);
            for (int j = 0; j < minibatches; j++) {
                List<MultiDataSet> shares = new ArrayList<>();
                for (TrainingSamples s : samples) {
                    shares.add(minibatchesOfEpoch.minibatches(s).get(j));
                }
                single.fit(org.nd4j.linalg.dataset.MultiDataSet.merge(shares));
            }
        }

        ComputationGraph net = distributed.network();
        assertEquals(2 * minibatches, net.getIterationCount());
        assertEquals(2, net.getEpochCount());
        assertEquals(single.getIterationCount(), net.getIterationCount());
        assertArrayEquals(single.params().toDoubleVector(), net.params().toDoubleVector(), 1e-10);
        assertArrayEquals(single.getUpdater().getStateViewArray().toDoubleVector(),
                net.getUpdater().getStateViewArray().toDoubleVector(), 1e-12);
        assertEquals(single.score(), distributed.score(), 1e-10);
        double moved = net.params().sub(initial.params()).norm2Number().doubleValue();
        assertTrue(moved > 1e-3, "the updates moved the parameters by only " + moved);
    }
}
