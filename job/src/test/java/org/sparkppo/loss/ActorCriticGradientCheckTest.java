package org.sparkppo.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.stage.TrainingSamples;
import org.sparkppo.stage.RolloutFixture;

/**
 * DL4J's double-precision gradient check over the whole actor-critic graph with both PPO losses,
 * on real rollout data packed exactly as training packs it (for the grid worlds with their action
 * masks, GridReach-v0's policy multi-categorical). Fails the build on any mismatch.
 */
@ExtendWith(DoublePrecisionDefaults.class)
class ActorCriticGradientCheckTest {
    @ParameterizedTest(name = "{0}, shared trunk: {1}, objective {2}")
    @CsvSource({"CartPole-v1, false, clip", "CartPole-v1, true, clip+kl", "Pendulum-v1, false, kl-penalty",
            "Pendulum-v1, true, clip+kl", "GridMaze-v0, false, clip+kl", "GridReach-v0, true, clip"})
    void backPropagationMatchesFiniteDifferences(String envId, boolean sharedTrunk, String objective) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "model.hiddenSizes=[8, 8]",
                "model.sharedTrunk=" + sharedTrunk, "training.objective=" + objective,
                "training.entropyCoef=0.01", "training.valueClipRange=0.2", "rollout.numSteps=8",
                "rollout.envsPerPartition=2", "training.minibatchSize=16"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        int d = spec.observationSpace().flatDim();
        ComputationGraph trained = ActorCriticNetwork.create(config, d, spec.actionSpace());
        TrainingSamples samples = RolloutFixture.rollout(config, trained, 0).samples();
        // Perturb the parameters so that ratios differ from 1, clipping binds somewhere and the KL is not 0.
        SplitMix64 rng = new SplitMix64(3);
        double[] moved = trained.params().toDoubleVector();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.1 * rng.nextGaussian();
        }
        MultiDataSet batch = RolloutFixture.wholeBatch(samples, 0.2, 0.5);

        ComputationGraphConfiguration noUpdates = ActorCriticNetwork.configuration(config, d, spec.actionSpace());
        for (var vertex : noUpdates.getVertices().values()) {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof BaseLayer base) {
                base.setIUpdater(new NoOp());
            }
        }
        ComputationGraph net = new ComputationGraph(noUpdates);
        net.init(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE), false);

        INDArray[] inputs = batch.getFeatures();
        INDArray[] labels = batch.getLabels();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net).inputs(inputs)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-7).exitOnFirstError(false));
        assertTrue(ok, "DL4J gradient check failed for the actor-critic with PPO losses");
    }
}
