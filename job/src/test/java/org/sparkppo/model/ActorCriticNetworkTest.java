package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkppo.config.PpoConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.MultiDiscrete;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.loss.PpoPolicyLoss;
import org.sparkppo.loss.PpoValueLoss;

/**
 * The network's configuration survives the JSON round trip that executors and checkpoints rely
 * on, with every PPO setting intact (non-default values, so a field silently reset to its default
 * would show), and the same seed gives the same initial weights.
 */
class ActorCriticNetworkTest {
    private final PpoConfig config = TestConfigs.load(List.of("training.clipRange=0.1", "training.entropyCoef=0.03",
            "training.advantageNormalization=batch", "training.objective=clip+kl", "training.valueCoef=0.7", "training.valueClipRange=0.3",
            "training.learningRate=3e-4", "run.totalTimesteps=10240"));

    @Test
    void multiDiscretePolicyOutputsEveryComponentsLogitsAndItsLossKeepsTheComponentsThroughJson() {
        ComputationGraphConfiguration original = ActorCriticNetwork.configuration(config, 4, new MultiDiscrete(3, 2, 4));
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(original.toJson());
        PpoPolicyLoss expected = new PpoPolicyLoss("clip+kl", new int[] {3, 2, 4}, 0.03, false);
        assertEquals(expected, lossOf(restored, ActorCriticNetwork.POLICY_OUTPUT));
        assertEquals(9, ((FeedForwardLayer) layer(restored, ActorCriticNetwork.POLICY_OUTPUT)).getNOut());
    }

    @Test
    void jsonRoundTripKeepsLossesAndOptimizer() {
        ComputationGraphConfiguration original = ActorCriticNetwork.configuration(config, 4, new Discrete(2));
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(original.toJson());

        assertEquals(new PpoPolicyLoss("clip+kl", PpoPolicyLoss.CATEGORICAL, 0.03, false), lossOf(restored, ActorCriticNetwork.POLICY_OUTPUT));
        assertEquals(new PpoValueLoss(0.7, 0.3), lossOf(restored, ActorCriticNetwork.VALUE_OUTPUT));
        Adam adam = (Adam) ((BaseLayer) layer(restored, "pi_0")).getIUpdater();
        assertEquals(1e-5, adam.getEpsilon());
        assertEquals(3e-4, adam.getLearningRate(), 0.0);
        // 10240 steps = 10 iterations of 1024, annealed linearly per iteration as CleanRL.
        assertEquals(3e-4, config.learningRate(1), 1e-18);
        assertEquals(3e-4 * 0.9, config.learningRate(2), 1e-18);
        assertEquals(3e-4 * 0.1, config.learningRate(10), 1e-18);
    }

    @Test
    void sameSeedSameInitialWeights() {
        ComputationGraph a = ActorCriticNetwork.create(config, 4, new Discrete(2));
        ComputationGraph b = ActorCriticNetwork.create(config, 4, new Discrete(2));
        assertArrayEquals(a.params().toDoubleVector(), b.params().toDoubleVector(), 0.0);
    }

    @Test
    void gaussianLogStdStartsAtTheConfiguredValueWithZeroWeights() {
        PpoConfig pendulum = TestConfigs.load(List.of("env.id=Pendulum-v1", "model.logStdInit=-0.5"));
        ComputationGraph net = ActorCriticNetwork.create(pendulum, 3, new Box(new float[] {-2f}, new float[] {2f}));
        assertArrayEquals(new double[] {-0.5}, net.getParam(ActorCriticNetwork.LOG_STD + "_b").toDoubleVector(), 0.0);
        assertArrayEquals(new double[3], net.getParam(ActorCriticNetwork.LOG_STD + "_W").toDoubleVector(), 0.0);
        double[] out = net.output(Nd4j.rand(DataType.DOUBLE, 5, 3))[0].toDoubleMatrix()[4];
        assertEquals(-0.5, out[1], 0.0);
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    private static Object lossOf(ComputationGraphConfiguration conf, String name) {
        return ((BaseOutputLayer) layer(conf, name)).getLossFn();
    }
}
