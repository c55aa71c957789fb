package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.PackedSamples;
import org.sparkppo.stage.RolloutFixture;
import org.sparkppo.stage.TrainingSamples;

/**
 * {@link ActorCriticGradient} against DL4J's own back-propagation ({@code computeGradientAndScore}
 * of the same network, losses and minibatch): every objective, value clipping on and off, advantage
 * normalization per minibatch or not, Discrete and Box policies, separate and shared trunks, on real
 * rollout samples with parameters moved far enough that the clip binds. The two differ only in the
 * order in which the products are summed, so the gradient agrees within {@value #RELATIVE} of its
 * largest element and the score within {@value #RELATIVE} relative.
 */
class ActorCriticGradientTest {
    private static final double RELATIVE = 1e-12;

    @ParameterizedTest(name = "{0}, {1}, value clip {2}, advantages {3}, shared trunk {4}")
    @CsvSource({
        "CartPole-v1, clip, 0.2, minibatch, false",
        "CartPole-v1, clip, 0.0, off, true",
        "CartPole-v1, kl-penalty, 0.0, minibatch, false",
        "CartPole-v1, clip+kl, 0.2, minibatch, true",
        "Acrobot-v1, clip, 0.2, batch, false",
        "Pendulum-v1, clip, 0.2, minibatch, false",
        "Pendulum-v1, kl-penalty, 0.0, off, true",
        "MountainCarContinuous-v0, clip+kl, 0.5, minibatch, true",
        "MountainCarContinuous-v0, clip+kl, 0.0, minibatch, true",
        "MountainCarContinuous-v0, clip, 0.0, off, false",
        "MountainCarContinuous-v0, kl-penalty, 0.0, off, false",
        "Pendulum-v1, clip+kl, 0.5, minibatch, true"})
    void equalsDl4jBackPropagation(String envId, String objective, double valueClip, String advantages,
                                   boolean shared) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "training.objective=" + objective,
                "training.valueClipRange=" + valueClip, "training.advantageNormalization=" + advantages,
                "model.sharedTrunk=" + shared, "training.entropyCoef=0.01", "rollout.numSteps=32",
                "rollout.envsPerPartition=4", "training.minibatchSize=32"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
        TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
        double[] moved = FlatArrays.rowMajor(net.params());
        SplitMix64 rng = new SplitMix64(11);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.1 * rng.nextGaussian();
        }
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
        ActorCriticGradient gradient = ActorCriticGradient.of(net, 32);
        int[] order = shuffled(samples.count(), 3);
        PackedSamples packed = new PackedSamples(samples, 0.2, 0.7, 32);
        int clippedSomewhere = 0;
        for (int index = 0; index < samples.count() / 32; index++) {
            MultiDataSet dl4jMinibatch = packed.minibatch(order, index);
            net.setInputs(dl4jMinibatch.getFeatures());
            net.setLabels(dl4jMinibatch.getLabels());
            net.computeGradientAndScore();
            double[] expected = FlatArrays.rowMajor(net.gradient().gradient());
            double expectedScore = net.score();
            net.clear();

            double[] actual = new double[moved.length];
            double score = gradient.compute(packed.gather(order, index), actual);

            double largest = 0;
            for (double g : expected) {
                largest = Math.max(largest, Math.abs(g));
            }
            assertTrue(largest > 0);
            assertArrayEquals(expected, actual, RELATIVE * largest, "minibatch " + index);
            assertEquals(expectedScore, score, RELATIVE * Math.abs(expectedScore), "minibatch " + index);
            clippedSomewhere += clippedRatios(gradient, samples, order, index);
        }
        if (!objective.equals("kl-penalty")) {
            assertTrue(clippedSomewhere > 0, "the moved parameters put some ratios outside the clip range");
        }
    }

    /** The first minibatch at the rollout's own parameters recomputes its log-probabilities bit for bit. */
    @Test
    void distributionParametersAtTheRolloutParametersAreTheRolloutsBitForBit() {
        for (String envId : List.of("CartPole-v1", "Pendulum-v1")) {
            PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "rollout.numSteps=16",
                    "rollout.envsPerPartition=4", "training.minibatchSize=64"));
            EnvSpec spec = EnvRegistry.load().spec(envId);
            ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(),
                    spec.actionSpace());
            TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
            ActorCriticGradient gradient = ActorCriticGradient.of(net, 64);
            int[] order = shuffled(64, 5);
            gradient.compute(new PackedSamples(samples, 0.2, 0, 64).gather(order, 0), new double[(int) net.numParams()]);
            int pw = samples.distribution().paramWidth();
            for (int r = 0; r < 64; r++) {
                for (int c = 0; c < pw; c++) {
                    assertEquals(samples.distributionParams()[order[r] * pw + c],
                            gradient.distributionParams()[r * pw + c], 0.0, envId + " row " + r);
                }
                assertEquals(samples.values()[order[r]], gradient.values()[r], 0.0, envId + " value of row " + r);
            }
        }
    }

    private static int[] shuffled(int count, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int clippedRatios(ActorCriticGradient gradient, TrainingSamples s, int[] order, int index) {
        int pw = s.distribution().paramWidth();
        int aw = s.distribution().actionWidth();
        int clipped = 0;
        for (int r = 0; r < 32; r++) {
            int k = order[index * 32 + r];
            double ratio = Math.exp(s.distribution().logProb(gradient.distributionParams(), r * pw, s.actions(), k * aw)
                    - s.logProbs()[k]);
            if (Math.abs(ratio - 1) > 0.2) {
                clipped++;
            }
        }
        return clipped;
    }
}
