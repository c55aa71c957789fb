package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.PackedSamples;
import org.sparkppo.stage.RecurrentSamples;
import org.sparkppo.stage.RolloutFixture;
import org.sparkppo.stage.TrainingSamples;

/**
 * The plain-Java LSTM actor-critic ({@link ActorCriticForward#step}, {@link ActorCriticGradient} on
 * sequences) against DL4J's own {@code LSTM} layer and against finite differences: the forward pass
 * on random sequences against {@code net.output} of the 3-D input; the gradient against DL4J's
 * {@code computeGradientAndScore} on whole sequences from a zero state (what DL4J can express); and,
 * with the stored states at sequence starts and episode starts inside sequences (which DL4J cannot
 * express), against central differences of the loss in double precision.
 */
class LstmActorCriticTest {

    private static PpoConfig config(String envId, boolean shared, int sequenceLength) {
        return TestConfigs.load(List.of("env.id=" + envId, "model.recurrent=true", "model.lstmHiddenSize=6",
                "model.hiddenSizes=[5]", "model.sharedTrunk=" + shared, "rollout.numSteps=32",
                "rollout.envsPerPartition=4", "training.minibatchSize=64", "model.sequenceLength=" + sequenceLength,
                "training.entropyCoef=0.01", "training.valueClipRange=0"));
    }

    private static ComputationGraph network(PpoConfig config, double move, long seed) {
        EnvSpec spec = EnvRegistry.load().spec(config.envId());
        ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
        double[] moved = FlatArrays.rowMajor(net.params());
        SplitMix64 rng = new SplitMix64(seed);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += move * rng.nextGaussian();
        }
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
        return net;
    }

    @ParameterizedTest(name = "{0}, shared trunk {1}")
    @CsvSource({"CartPoleNoVel-v1, false", "CartPoleNoVel-v1, true", "PendulumNoVel-v1, false"})
    void stepByStepEqualsDl4jOnSequences(String envId, boolean shared) {
        PpoConfig config = config(envId, shared, 0);
        ComputationGraph net = network(config, 0.3, 5);
        int d = ActorCriticGraph.of(net).observationDim;
        int batch = 3;
        int steps = 9;
        SplitMix64 rng = new SplitMix64(17);
        double[][][] input = new double[batch][d][steps];
        for (double[][] sequence : input) {
            for (double[] feature : sequence) {
                for (int t = 0; t < steps; t++) {
                    feature[t] = (float) (2 * rng.nextGaussian());
                }
            }
        }
        INDArray[] dl4j = net.output(false, Nd4j.create(input).castTo(DataType.DOUBLE));
        ActorCriticForward forward = ActorCriticForward.of(net);
        int pw = forward.paramWidth();
        RecurrentState state = RecurrentState.zeros(batch, ActorCriticGraph.of(net).stateWidth());
        float[] observations = new float[batch * d];
        double[] params = new double[batch * pw];
        double[] values = new double[batch];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < d; k++) {
                    observations[b * d + k] = (float) input[b][k][t];
                }
            }
            forward.step(observations, batch, state, params, values);
            for (int b = 0; b < batch; b++) {
                // DL4J's RnnToFeedForward reshaping puts time step t of example b at row b + batch·t.
                int row = b + batch * t;
                for (int c = 0; c < pw; c++) {
                    assertEquals(dl4j[0].getDouble(row, c), params[b * pw + c], 1e-14,
                            "step " + t + ", example " + b + ", parameter " + c);
                }
                assertEquals(dl4j[1].getDouble(row, 0), values[b], 1e-14, "value at step " + t + ", example " + b);
            }
        }
    }
}
