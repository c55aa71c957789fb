package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * {@code computeGradientAndScore} of the critic's layers on whole sequences from a zero state (what
 * DL4J's LSTM computes), and, with stored states at sequence starts and episode starts inside
 * sequences, against central differences of the loss in double precision. (DL4J's oracle is a
 * {@code MultiLayerNetwork} of the critic: the {@code ComputationGraph} itself, with 2-D labels behind
 * its {@code RnnToFeedForwardPreProcessor}, reshapes the error back with the labels' row count as the
 * batch size and fails inside {@code LSTMHelpers}, 1.0.0-M2.)
 */
class LstmActorCriticTest {

    private static PpoConfig config(String envId, boolean shared, int sequenceLength) {
        return config(envId, shared, sequenceLength, "tanh");
    }

    private static PpoConfig config(String envId, boolean shared, int sequenceLength, String activation) {
        return TestConfigs.load(List.of("env.id=" + envId, "model.recurrent=true", "model.lstmHiddenSize=6",
                "model.activation=" + activation, "model.hiddenSizes=[5]", "model.sharedTrunk=" + shared,
                "rollout.numSteps=32",
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

    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}")
    @CsvSource({"CartPoleNoVel-v1, false, tanh", "CartPoleNoVel-v1, true, relu", "PendulumNoVel-v1, false, tanh",
            "PendulumNoVel-v1, true, relu"})
    void stepByStepEqualsDl4jOnSequences(String envId, boolean shared, String activation) {
        PpoConfig config = config(envId, shared, 0, activation);
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

    /**
     * DL4J's own back-propagation through time as the oracle for the critic: a
     * {@code MultiLayerNetwork} of the critic's layers ({@code vf_lstm → vf_0 → value}, the value
     * loss) with the same parameters, on whole sequences from a zero state with no episode start
     * inside (what DL4J's LSTM computes). In a separate-trunk network these parameters receive the
     * value loss's gradient only, so DL4J's gradient of each must equal ours.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"CartPoleNoVel-v1, tanh", "PendulumNoVel-v1, relu"})
    void criticGradientEqualsDl4jBackPropagationThroughTime(String envId, String activation) {
        PpoConfig config = config(envId, false, 16, activation);
        TrainingSamples samples = RolloutFixture.rollout(config, network(config, 0, 1), 0).samples();
        ComputationGraph net = network(config, 0.1, 11);
        RecurrentSamples recurrent = samples.recurrent();
        int length = recurrent.sequenceLength();
        int[] sequences = {3, 0, 6, 5};
        int batch = sequences.length;
        int rows = batch * length;
        int[] order = new int[rows];
        for (int s = 0; s < batch; s++) {
            for (int u = 0; u < length; u++) {
                order[s * length + u] = recurrent.sample(sequences[s], u);
            }
        }
        Minibatch gathered = new PackedSamples(samples, 0.2, 0.7, rows).gather(order, 0);
        Minibatch fromZero = new Minibatch(gathered.features(), gathered.policyLabels(), gathered.policyLabelWidth(),
                gathered.valueLabels(), rows, new Minibatch.Sequences(length, new boolean[rows],
                new double[batch * recurrent.stateWidth()]));
        double[] ours = new double[(int) net.numParams()];
        ActorCriticGradient.of(net, rows).compute(fromZero, ours);

        int d = samples.observationDim();
        LSTM lstm = (LSTM)
                net.getLayer("vf_lstm").conf().getLayer().clone();
        Layer dense = net.getLayer("vf_0").conf().getLayer().clone();
        Layer value = net.getLayer(ActorCriticNetwork.VALUE_OUTPUT).conf().getLayer()
                .clone();
        MultiLayerNetwork critic = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).list().layer(lstm).layer(dense).layer(value)
                .setInputType(InputType.recurrent(d)).build());
        critic.init();
        String[][] keys = {{"0_W", "vf_lstm_W"}, {"0_RW", "vf_lstm_RW"}, {"0_b", "vf_lstm_b"}, {"1_W", "vf_0_W"},
            {"1_b", "vf_0_b"}, {"2_W", "value_W"}, {"2_b", "value_b"}};
        for (String[] key : keys) {
            critic.setParam(key[0], net.getParam(key[1]).dup());
        }
        double[][][] features = new double[batch][d][length];
        double[][] labels = new double[rows][2];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                int r = b * length + t;
                for (int k = 0; k < d; k++) {
                    features[b][k][t] = gathered.features()[r * d + k];
                }
                // DL4J's RnnToFeedForward reshaping puts time step t of example b at row b + batch·t.
                System.arraycopy(gathered.valueLabels(), r * 2, labels[b + batch * t], 0, 2);
            }
        }
        critic.setInput(Nd4j.create(features).castTo(DataType.DOUBLE));
        critic.setLabels(Nd4j.create(labels).castTo(DataType.DOUBLE));
        critic.computeGradientAndScore();
        double largest = 0;
        int compared = 0;
        for (String[] key : keys) {
            double[] expected = FlatArrays.rowMajor(critic.gradient().getGradientFor(key[0]));
            long[] shape = net.getParam(key[1]).shape();
            ActorCriticGraph.ParamView view = ActorCriticGraph.ParamView.of(net, key[1]);
            for (int r = 0; r < shape[0]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    double dl4j = expected[(int) (r * shape[1] + c)];
                    largest = Math.max(largest, Math.abs(dl4j));
                    assertEquals(dl4j, ours[view.index(r, c)], 1e-11 * (1 + Math.abs(dl4j)),
                            key[1] + "[" + r + ", " + c + "]");
                    compared++;
                }
            }
        }
        assertTrue(largest > 0 && compared > 4 * 6 * 6, "compared " + compared + " gradient elements");
    }

    /**
     * Stored states at sequence starts (non-zero after the first sequence) and episode starts inside
     * sequences: the summed gradient equals {@code rows ×} the central difference of the mean loss,
     * parameter by parameter.
     */
    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}")
    @CsvSource({"CartPoleNoVel-v1, false, tanh", "CartPoleNoVel-v1, true, tanh", "CartPoleNoVel-v1, false, relu",
            "PendulumNoVel-v1, false, tanh", "PendulumNoVel-v1, true, relu"})
    void gradientEqualsFiniteDifferencesWithStoredStatesAndEpisodeStarts(String envId, boolean shared,
                                                                        String activation) {
        PpoConfig config = config(envId, shared, 8, activation);
        ComputationGraph net = network(config, 0, 1);
        TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
        RecurrentSamples recurrent = samples.recurrent();
        int length = recurrent.sequenceLength();
        int[] sequences = {5, 14, 2, 9, 7, 12, 1, 10};
        int rows = sequences.length * length;
        int[] order = new int[rows];
        int episodeStarts = 0;
        for (int s = 0; s < sequences.length; s++) {
            for (int u = 0; u < length; u++) {
                order[s * length + u] = recurrent.sample(sequences[s], u);
                episodeStarts += u > 0 && recurrent.episodeStart(order[s * length + u]) ? 1 : 0;
            }
        }
        Minibatch minibatch = new PackedSamples(samples, 0.2, 0.7, rows).gather(order, 0);
        // Pendulum's episodes outlast the rollout: mark two episode starts (what a reset inside a sequence does).
        minibatch.sequences().episodeStarts()[3] = true;
        minibatch.sequences().episodeStarts()[length + 5] = true;
        episodeStarts += 2;
        double stored = 0;
        for (double v : minibatch.sequences().initialStates()) {
            stored += Math.abs(v);
        }
        assertTrue(episodeStarts > 0, "episodes start inside the sequences");
        assertTrue(stored > 0, "sequences start from stored non-zero states");

        double[] theta = FlatArrays.rowMajor(network(config, 0.05, 23).params());
        ActorCriticGradient gradient = ActorCriticGradient.of(ActorCriticGraph.of(net), rows);
        gradient.load(theta);
        double[] analytic = new double[theta.length];
        gradient.compute(minibatch, analytic);
        double[] scratch = new double[theta.length];
        double epsilon = 1e-6;
        double largest = 0;
        for (double g : analytic) {
            largest = Math.max(largest, Math.abs(g));
        }
        for (int p = 0; p < theta.length; p++) {
            double original = theta[p];
            theta[p] = original + epsilon;
            gradient.load(theta);
            double plus = gradient.compute(minibatch, scratch);
            theta[p] = original - epsilon;
            gradient.load(theta);
            double minus = gradient.compute(minibatch, scratch);
            theta[p] = original;
            double numeric = rows * (plus - minus) / (2 * epsilon);
            assertEquals(numeric, analytic[p], 1e-6 * largest + 1e-6 * Math.abs(numeric), "parameter " + p);
        }
    }

    /** The training forward at the rollout's parameters is the rollout's, bit for bit, with stored states and resets. */
    @ParameterizedTest(name = "{0}, sequence length {1}")
    @CsvSource({"CartPoleNoVel-v1, 8", "CartPoleNoVel-v1, 0", "PendulumNoVel-v1, 4"})
    void trainingForwardRecomputesTheRolloutBitForBit(String envId, int sequenceLength) {
        PpoConfig config = config(envId, false, sequenceLength);
        ComputationGraph net = network(config, 0, 1);
        TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
        RecurrentSamples recurrent = samples.recurrent();
        int length = recurrent.sequenceLength();
        int rows = samples.count();
        int[] order = new int[rows];
        for (int s = 0; s < recurrent.sequences(); s++) {
            for (int u = 0; u < length; u++) {
                order[s * length + u] = recurrent.sample(recurrent.sequences() - 1 - s, u);
            }
        }
        ActorCriticGradient gradient = ActorCriticGradient.of(net, rows);
        gradient.compute(new PackedSamples(samples, 0.2, 0, rows).gather(order, 0), new double[(int) net.numParams()]);
        int pw = samples.distribution().paramWidth();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < pw; c++) {
                assertEquals(samples.distributionParams()[order[r] * pw + c], gradient.distributionParams()[r * pw + c],
                        0.0, "row " + r);
            }
            assertEquals(samples.values()[order[r]], gradient.values()[r], 0.0, "value of row " + r);
        }
    }
}
