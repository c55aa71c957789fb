package org.sparkppo.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.PackedSamples;
import org.sparkppo.stage.RolloutFixture;
import org.sparkppo.stage.TrainingDataLayout;
import org.sparkppo.stage.TrainingSamples;

/**
 * {@code computeGradientAndScore} evaluates each PPO loss once per minibatch (DL4J asks for the
 * gradient and then for the score of the same batch), and the gradient and score are bit for bit
 * those of losses that evaluate on every call, as they did before {@link PerExampleLoss} kept its
 * last evaluation. The configuration's JSON does not carry that evaluation.
 */
@ExtendWith(DoublePrecisionDefaults.class)
class SingleLossEvaluationTest {

    @ParameterizedTest(name = "{0}, objective {1}")
    @CsvSource({"CartPole-v1, clip", "CartPole-v1, clip+kl", "Pendulum-v1, clip"})
    void eachLossIsEvaluatedOncePerMinibatchWithAnUnchangedResult(String envId, String objective) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "training.objective=" + objective,
                "training.entropyCoef=0.01", "training.valueClipRange=0.2", "rollout.numSteps=32",
                "rollout.envsPerPartition=4", "training.minibatchSize=64"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        int d = spec.observationSpace().flatDim();
        ComputationGraph trained = ActorCriticNetwork.create(config, d, spec.actionSpace());
        TrainingSamples samples = RolloutFixture.rollout(config, trained, 0).samples();
        // Moved parameters: ratios differ from 1 and clipping binds somewhere.
        SplitMix64 rng = new SplitMix64(5);
        double[] moved = trained.params().toDoubleVector();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.1 * rng.nextGaussian();
        }
        int[] order = TrainingDataLayout.inOrder(samples.count());
        PackedSamples packed = new PackedSamples(samples, 0.2, 0.5, 64);
        List<CountingLoss> counters = new ArrayList<>();
        ComputationGraph counted = network(config, spec, moved, loss -> {
            CountingLoss counting = new CountingLoss((PerExampleLoss) loss);
            counters.add(counting);
            return counting;
        });
        ComputationGraph evaluatingEveryCall = network(config, spec, moved, EveryCallLoss::new);

        for (int index = 0; index < samples.count() / 64; index++) {
            MultiDataSet minibatch = packed.minibatch(order, index);
            counters.forEach(c -> c.evaluations = 0);
            Result once = gradientAndScore(counted, minibatch);
            Result everyCall = gradientAndScore(evaluatingEveryCall, minibatch);

            assertEquals(2, counters.size());
            counters.forEach(c -> assertEquals(1, c.evaluations, c.name()));
            assertArrayEquals(everyCall.gradient(), once.gradient(), 0.0);
            assertEquals(everyCall.score(), once.score(), 0.0);
        }
        gradientAndScore(trained, packed.minibatch(order, 0));
        String json = trained.getConfiguration().toJson();
        assertFalse(json.contains("lastCall"), "the last evaluation is not configuration");
        assertEquals(trained.getConfiguration(), ComputationGraphConfiguration.fromJson(json));
    }

    private record Result(double[] gradient, double score) {
    }

    private static Result gradientAndScore(ComputationGraph net, MultiDataSet minibatch) {
        net.setInputs(minibatch.getFeatures());
        net.setLabels(minibatch.getLabels());
        net.computeGradientAndScore();
        Result result = new Result(net.gradient().gradient().toDoubleVector(), net.score());
        net.clear();
        return result;
    }

    /** The project's network with its two losses replaced by {@code wrap} of them. */
    private static ComputationGraph network(PpoConfig config, EnvSpec spec, double[] params,
                                            UnaryOperator<ILossFunction> wrap) {
        ComputationGraphConfiguration conf = ActorCriticNetwork.configuration(config,
                spec.observationSpace().flatDim(), spec.actionSpace());
        for (var vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layer) {
                if (layer.getLayerConf().getLayer() instanceof BaseOutputLayer output) {
                    output.setLossFn(wrap.apply(output.getLossFn()));
                } else if (layer.getLayerConf().getLayer() instanceof LossLayer output) {
                    output.setLossFn(wrap.apply(output.getLossFn()));
                }
            }
        }
        ComputationGraph net = new ComputationGraph(conf);
        net.init(Nd4j.create(params, new long[] {1, params.length}, DataType.DOUBLE), true);
        return net;
    }

    /** A loss that counts how often it is evaluated. */
    private static final class CountingLoss extends PerExampleLoss {
        private final PerExampleLoss counted;
        int evaluations;

        CountingLoss(PerExampleLoss counted) {
            this.counted = counted;
        }

        @Override
        public Evaluation evaluate(double[] labels, int labelWidth, double[] activations, int activationWidth,
                                   int rows, double[] rowMask) {
            evaluations++;
            return counted.evaluate(labels, labelWidth, activations, activationWidth, rows, rowMask);
        }

        @Override
        public String name() {
            return "counting " + counted.name();
        }
    }

    /** A loss that answers every call from a fresh copy of another (its Java serial form): nothing is reused. */
    private static final class EveryCallLoss implements ILossFunction {
        private final ILossFunction loss;

        EveryCallLoss(ILossFunction loss) {
            this.loss = loss;
        }

        private ILossFunction fresh() {
            return SerializationUtils.clone(loss);
        }

        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                   boolean average) {
            return fresh().computeScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
                                          INDArray mask) {
            return fresh().computeScoreArray(labels, preOutput, activationFn, mask);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return fresh().computeGradient(labels, preOutput, activationFn, mask);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                              IActivation activationFn, INDArray mask,
                                                              boolean average) {
            return fresh().computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public String name() {
            return "every call " + loss.name();
        }
    }
}
