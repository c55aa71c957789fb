package org.sparkppo.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.spark.PartitionRolloutResult;
import org.sparkppo.spark.PolicyParameters;
import org.sparkppo.spark.TrainingDataLayout;
import org.sparkppo.spark.TrainingSamples;
import org.sparkppo.spark.RolloutFixture;

/**
 * DL4J's double-precision gradient check over the whole actor-critic graph with both PPO losses,
 * on real rollout data packed exactly as training packs it. Fails the build on any mismatch.
 */
class ActorCriticGradientCheckTest {
    private DataType previousDefault;
    private DataType previousFloatingPoint;

    @BeforeEach
    void useDoublePrecisionGlobally() {
        previousDefault = Nd4j.dataType();
        previousFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restoreDefaults() {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingPoint);
    }

    @ParameterizedTest(name = "shared trunk: {0}")
    @ValueSource(booleans = {false, true})
    void backPropagationMatchesFiniteDifferences(boolean sharedTrunk) {
        PpoConfig config = TestConfigs.load(List.of("model.hiddenSizes=[8, 8]", "model.sharedTrunk=" + sharedTrunk,
                "training.entropyCoef=0.01", "training.valueClipRange=0.2", "rollout.numSteps=8",
                "rollout.envsPerPartition=2", "training.minibatchSize=16"));
        ComputationGraph trained = ActorCriticNetwork.create(config, 4, 2);
        PartitionRolloutResult rollout = RolloutFixture.rollout(config, PolicyParameters.of(trained), 0);
        TrainingSamples samples = rollout.samples();
        MultiDataSet batch = TrainingDataLayout.minibatch(samples, TrainingDataLayout.inOrder(samples.count()), 0,
                samples.count());

        ComputationGraphConfiguration noUpdates = ActorCriticNetwork.configuration(config, 4, 2);
        for (var vertex : noUpdates.getVertices().values()) {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof BaseLayer base) {
                base.setIUpdater(new NoOp());
            }
        }
        ComputationGraph net = new ComputationGraph(noUpdates);
        net.init(trained.params().dup(), false);

        INDArray[] inputs = batch.getFeatures();
        INDArray[] labels = batch.getLabels();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net).inputs(inputs)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).exitOnFirstError(false));
        assertTrue(ok, "DL4J gradient check failed for the actor-critic with PPO losses");
    }
}
