package org.sparkppo.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TrainingSettings;
import org.sparkppo.config.AdvantageScope;
import org.sparkppo.config.HiddenActivation;
import org.sparkppo.env.Box;
import org.sparkppo.env.MultiDiscrete;
import org.sparkppo.env.Space;
import org.sparkppo.loss.PpoPolicyLoss;
import org.sparkppo.loss.PpoValueLoss;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.seed.SplitMix64;

/**
 * The actor-critic as a DL4J {@link ComputationGraph}: input {@value #INPUT}; by default two
 * separate tanh (or, with {@code model.activation}, ReLU) MLPs (CleanRL's {@code Agent}), optionally one shared trunk; outputs
 * {@value #POLICY_OUTPUT} (the action distribution's parameters, {@link PpoPolicyLoss}) and
 * {@value #VALUE_OUTPUT} (V(s), {@link PpoValueLoss}).
 *
 * <p>For a {@code Discrete} action space the policy output is a dense layer of logits; for a
 * {@code MultiDiscrete} one, of {@code Σ nvec} logits, each component's side by side. For a
 * {@code Box} space it is {@code [μ(s), log σ]}: a dense mean layer on the actor trunk merged with a
 * state-independent log-std (CleanRL's {@code actor_logstd}, initialized to {@code model.logStdInit},
 * by default 0). DL4J has no bare
 * parameter vector, so the log-std is the bias of a dense layer {@value #LOG_STD} whose input is
 * the observation scaled by 0: its weights see a zero input, receive zero gradient and stay 0,
 * and its output is the bias alone.
 *
 * <p>With {@code model.recurrent} each trunk starts with a DL4J {@code LSTM} layer on the
 * observation ({@code pi_lstm} and {@code vf_lstm}, or one {@code shared_lstm}), sb3-contrib's
 * {@code MlpLstmPolicy}; the graph's input is then a sequence ({@code [batch, obsDim, time]}) and
 * DL4J puts its own reshaping ahead of the dense layers. The plain-Java passes compute it step by
 * step with each environment's state ({@link LstmKernel}, {@link RecurrentState}).
 *
 * <p>Orthogonal initialization with gain √2 on hidden layers, 0.01 on the policy head and 1 on the
 * value head, zero biases; Adam with ε = 1e-5. Double precision throughout, so the rollout's
 * log-probabilities reach the loss unrounded.
 */
public final class ActorCriticNetwork {
    public static final String INPUT = "obs";
    public static final String POLICY_OUTPUT = "policy";
    public static final String VALUE_OUTPUT = "value";
    /** The Gaussian policy's mean layer. */
    public static final String MEAN = "pi_mean";
    /** The Gaussian policy's state-independent log-std (the bias of this layer). */
    public static final String LOG_STD = "pi_log_std";
    /** Suffix of a trunk's LSTM layer ({@code pi_lstm}, {@code vf_lstm}, {@code shared_lstm}). */
    public static final String LSTM_SUFFIX = "_lstm";
    private static final double FORGET_GATE_BIAS = 1.0;
    private static final double ADAM_EPSILON = 1e-5;

    private ActorCriticNetwork() {
    }

    /** The graph's configuration: layers, losses and optimizer, no parameters. */
    public static ComputationGraphConfiguration configuration(PpoConfig config, int observationDim, Space actionSpace) {
        TrainingSettings t = config.training();
        List<Integer> hidden = config.model().hiddenSizes();
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(config.run().seed())
                .dataType(DataType.DOUBLE)
                .updater(adam(config))
                .weightInit(WeightInit.ZERO)
                .graphBuilder()
                .addInputs(INPUT);
        int lstm = config.model().recurrent() ? config.model().lstmHiddenSize() : 0;
        if (lstm > 0) {
            graph.setInputTypes(InputType.recurrent(observationDim));
        }
        Activation activation = config.model().activation() == HiddenActivation.RELU ? Activation.RELU
                : Activation.TANH;
        String policyTrunk = addTrunk(graph, config.model().sharedTrunk() ? "shared" : "pi", observationDim, lstm,
                hidden, activation);
        String valueTrunk = config.model().sharedTrunk() ? policyTrunk
                : addTrunk(graph, "vf", observationDim, lstm, hidden, activation);
        int last = hidden.get(hidden.size() - 1);
        boolean discrete = !(actionSpace instanceof Box);
        boolean perMinibatch = t.advantageNormalization() == AdvantageScope.MINIBATCH;
        PpoPolicyLoss policyLoss = actionSpace instanceof MultiDiscrete multi
                ? new PpoPolicyLoss(t.objective().configName(), multi.nvec(), t.entropyCoef(), perMinibatch)
                : new PpoPolicyLoss(t.objective().configName(), discrete ? PpoPolicyLoss.CATEGORICAL
                        : PpoPolicyLoss.GAUSSIAN, t.entropyCoef(), perMinibatch);
        if (discrete) {
            graph.addLayer(POLICY_OUTPUT, new OutputLayer.Builder(policyLoss).nIn(last)
                    .nOut(ActionDistributions.forSpace(actionSpace).paramWidth()).activation(Activation.IDENTITY)
                    .build(), policyTrunk);
        } else {
            int d = actionSpace.flatDim();
            graph.addLayer(MEAN, new DenseLayer.Builder().nIn(last).nOut(d).activation(Activation.IDENTITY).build(),
                            policyTrunk)
                    .addVertex("pi_zero_input", new ScaleVertex(0.0), INPUT)
                    .addLayer(LOG_STD, new DenseLayer.Builder().nIn(observationDim).nOut(d)
                            .activation(Activation.IDENTITY).hasBias(true).build(), "pi_zero_input")
                    .addVertex("pi_params", new MergeVertex(), MEAN, LOG_STD)
                    .addLayer(POLICY_OUTPUT, new LossLayer.Builder(policyLoss).activation(Activation.IDENTITY).build(),
                            "pi_params");
        }
        graph.addLayer(VALUE_OUTPUT, new OutputLayer.Builder(new PpoValueLoss(t.valueCoef(), t.valueClipRange()))
                        .nIn(last).nOut(1).activation(Activation.IDENTITY).build(), valueTrunk)
                .setOutputs(POLICY_OUTPUT, VALUE_OUTPUT);
        return graph.build();
    }

    /**
     * Adam with CleanRL's ε. The step size in the configuration is the initial one; every iteration's
     * own (annealed) step size is applied by the replicas ({@code sync.Replica}), not read from here.
     */
    private static Adam adam(PpoConfig config) {
        return new Adam.Builder().epsilon(ADAM_EPSILON).learningRate(config.training().learningRate()).build();
    }

    /** A trunk: with {@code lstm > 0} an LSTM layer of that hidden size first, then the hidden layers. */
    private static String addTrunk(ComputationGraphConfiguration.GraphBuilder graph, String prefix, int inputDim,
                                   int lstm, List<Integer> hidden, Activation activation) {
        String previous = INPUT;
        int nIn = inputDim;
        if (lstm > 0) {
            previous = prefix + LSTM_SUFFIX;
            graph.addLayer(previous, new LSTM.Builder().nIn(nIn).nOut(lstm).activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID).forgetGateBiasInit(FORGET_GATE_BIAS).build(), INPUT);
            nIn = lstm;
        }
        for (int i = 0; i < hidden.size(); i++) {
            String name = prefix + "_" + i;
            graph.addLayer(name, new DenseLayer.Builder().nIn(nIn).nOut(hidden.get(i)).activation(activation)
                    .build(), previous);
            previous = name;
            nIn = hidden.get(i);
        }
        return previous;
    }

    /** A new network with orthogonally initialized weights drawn from the run seed's weight-init stream. */
    public static ComputationGraph create(PpoConfig config, int observationDim, Space actionSpace) {
        ComputationGraph net = new ComputationGraph(configuration(config, observationDim, actionSpace));
        net.init();
        SplitMix64 rng = SeedDerivation.stream(config.run().seed(), SeedDerivation.Purpose.WEIGHT_INIT);
        List<Integer> hidden = config.model().hiddenSizes();
        List<String> trunks = config.model().sharedTrunk() ? List.of("shared") : List.of("pi", "vf");
        for (String prefix : trunks) {
            if (config.model().recurrent()) {
                initializeLstm(net, prefix + LSTM_SUFFIX, rng);
            }
            for (int i = 0; i < hidden.size(); i++) {
                initialize(net, prefix + "_" + i, Math.sqrt(2), rng);
            }
        }
        initialize(net, actionSpace instanceof Box ? MEAN : POLICY_OUTPUT, 0.01, rng);
        initialize(net, VALUE_OUTPUT, 1.0, rng);
        if (actionSpace instanceof Box) {
            net.setParam(LOG_STD + "_b", Nd4j.valueArrayOf(net.getParam(LOG_STD + "_b").shape(),
                    config.model().logStdInit(), DataType.DOUBLE));
        }
        return net;
    }

    /**
     * PyTorch's {@code nn.LSTM} initialization (what sb3-contrib's LSTM gets): every weight uniform
     * in {@code ±1/√H}; the bias 0 but the forget gate's, {@value #FORGET_GATE_BIAS} (DL4J's
     * {@code forgetGateBiasInit}, Gers et al. 2000's advice to start remembering).
     */
    private static void initializeLstm(ComputationGraph net, String layer, SplitMix64 rng) {
        for (String key : List.of(LSTMParamInitializer.INPUT_WEIGHT_KEY, LSTMParamInitializer.RECURRENT_WEIGHT_KEY)) {
            long[] shape = net.getParam(layer + "_" + key).shape();
            int hiddenSize = (int) shape[1] / 4;
            double bound = 1 / Math.sqrt(hiddenSize);
            double[][] w = new double[(int) shape[0]][(int) shape[1]];
            for (double[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.uniform(-bound, bound);
                }
            }
            net.setParam(layer + "_" + key, Nd4j.create(w).castTo(DataType.DOUBLE));
        }
        long[] biasShape = net.getParam(layer + "_" + LSTMParamInitializer.BIAS_KEY).shape();
        int hiddenSize = (int) biasShape[1] / 4;
        double[] bias = new double[4 * hiddenSize];
        java.util.Arrays.fill(bias, hiddenSize, 2 * hiddenSize, FORGET_GATE_BIAS);
        net.setParam(layer + "_" + LSTMParamInitializer.BIAS_KEY,
                Nd4j.create(bias, biasShape, DataType.DOUBLE));
    }

    private static void initialize(ComputationGraph net, String layer, double gain, SplitMix64 rng) {
        long[] shape = net.getParam(layer + "_W").shape();
        double[][] w = OrthogonalInit.matrix((int) shape[0], (int) shape[1], gain, rng);
        net.setParam(layer + "_W", Nd4j.create(w).castTo(DataType.DOUBLE));
        net.setParam(layer + "_b", Nd4j.zeros(DataType.DOUBLE, net.getParam(layer + "_b").shape()));
    }
}
