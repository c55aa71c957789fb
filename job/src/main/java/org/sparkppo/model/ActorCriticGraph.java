package org.sparkppo.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkppo.loss.PerExampleLoss;

/**
 * The {@link ActorCriticNetwork}'s structure as read from a DL4J {@link ComputationGraph} on the
 * driver, for the plain-Java {@link ActorCriticForward} and {@link ActorCriticGradient} that the
 * executors build from it (so no executor builds a DL4J network): its dense and LSTM layers in an
 * order that puts every layer after the layers it reads, where each layer's input comes from, which layers
 * form the policy output and the value output, the two outputs' losses, and where each layer's
 * parameters live in the network's flat parameter vector.
 *
 * <p>Starting from the outputs {@value ActorCriticNetwork#POLICY_OUTPUT} and
 * {@value ActorCriticNetwork#VALUE_OUTPUT} it follows each vertex's inputs back to the observation,
 * accepting dense layers with tanh, ReLU or identity activation, LSTM layers (tanh, sigmoid gates) on
 * the observation, a merge of dense layers (the Gaussian policy's {@code [μ, log σ]}), a loss layer with identity activation, and a scale vertex on the
 * observation (the log-std layer's {@code obs × 0}). A layer both heads use (the shared trunk) is
 * listed once. Anything else is rejected.
 */
public final class ActorCriticGraph implements Serializable {
    private static final long serialVersionUID = 2L;
    /** {@link Layer#source} of a layer that reads the observation. */
    static final int OBSERVATION = -1;

    final int observationDim;
    final int numParams;
    /** Topological order: every layer after the layers it reads. */
    final Layer[] layers;
    /** The factors of the scale vertices on the observation; {@link Layer#source} {@code -2 - s} reads vertex s. */
    final double[] scales;
    /** Indexes into {@link #layers} whose outputs, concatenated, are the policy output. */
    final int[] policyParts;
    /** Index into {@link #layers} of the one-unit value layer. */
    final int value;
    final PerExampleLoss policyLoss;
    final PerExampleLoss valueLoss;
    /** Values per environment of the recurrent state: {@code [h, c]} of every LSTM layer; 0 without one. */
    final int stateWidth;

    /**
     * One dense layer {@code a = φ(x·W + b)}, or one LSTM layer ({@link LstmKernel}; then {@link #nOut}
     * is its hidden size H and {@link #recurrentWeight} not null). (Classes, not records, here: Kryo 4
     * cannot serialize records, and the graph travels to the executors with each iteration's inputs.)
     */
    public static final class Layer implements Serializable {
        private static final long serialVersionUID = 2L;
        final String name;
        final int nIn;
        final int nOut;
        final Activation activation;
        /** {@link #OBSERVATION}, {@code -2 - s} for scale vertex s, or the index of the layer it reads. */
        final int source;
        final ParamView weight;
        /** Null when the layer has no bias. */
        final ParamView bias;
        /** An LSTM layer's recurrent weights {@code RW [H × 4H]}; null for a dense layer. */
        final ParamView recurrentWeight;
        /** An LSTM layer's offset of its {@code [h, c]} in a slot of {@link RecurrentState}; -1 for a dense layer. */
        final int stateOffset;

        Layer(String name, int nIn, int nOut, Activation activation, int source, ParamView weight, ParamView bias,
              ParamView recurrentWeight, int stateOffset) {
            this.name = name;
            this.nIn = nIn;
            this.nOut = nOut;
            this.activation = activation;
            this.source = source;
            this.weight = weight;
            this.bias = bias;
            this.recurrentWeight = recurrentWeight;
            this.stateOffset = stateOffset;
        }

        boolean recurrent() {
            return recurrentWeight != null;
        }
    }

    /** A dense layer's activation φ (ND4J's: {@code tanh}, {@code max(0, z)}, or none). */
    public enum Activation {
        IDENTITY, TANH, RELU
    }

    /** Where element {@code (r, c)} of a parameter array lives in the flat vector. */
    public static final class ParamView implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long offset;
        private final long rowStride;
        private final long columnStride;

        private ParamView(long offset, long rowStride, long columnStride) {
            this.offset = offset;
            this.rowStride = rowStride;
            this.columnStride = columnStride;
        }

        static ParamView of(ComputationGraph net, String key) {
            INDArray view = net.getParam(key);
            long[] stride = view.stride();
            return new ParamView(view.offset() - net.params().offset(), stride[0], stride[1]);
        }

        int index(int r, int c) {
            return Math.toIntExact(offset + r * rowStride + c * columnStride);
        }
    }

    private ActorCriticGraph(int observationDim, int numParams, Layer[] layers, double[] scales, int[] policyParts,
                             int value, PerExampleLoss policyLoss, PerExampleLoss valueLoss, int stateWidth) {
        this.observationDim = observationDim;
        this.numParams = numParams;
        this.layers = layers;
        this.scales = scales;
        this.policyParts = policyParts;
        this.value = value;
        this.policyLoss = policyLoss;
        this.valueLoss = valueLoss;
        this.stateWidth = stateWidth;
    }

    /**
     * @throws IllegalArgumentException when the network is not double precision, has a vertex the
     *                                  plain-Java passes do not compute, or other losses than the PPO ones
     */
    public static ActorCriticGraph of(ComputationGraph net) {
        if (net.params().dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("the plain-Java actor-critic reproduces double-precision networks, but "
                    + "the network's parameters are " + net.params().dataType());
        }
        Reader reader = new Reader(net);
        int[] policyParts = reader.outputs(ActorCriticNetwork.POLICY_OUTPUT);
        int[] values = reader.outputs(ActorCriticNetwork.VALUE_OUTPUT);
        if (values.length != 1 || reader.layers.get(values[0]).nOut != 1) {
            throw new IllegalArgumentException("the value output must be one dense layer with one unit");
        }
        return new ActorCriticGraph(reader.observationDim, (int) net.numParams(), reader.layers.toArray(Layer[]::new),
                reader.scales.stream().mapToDouble(Double::doubleValue).toArray(), policyParts, values[0],
                reader.loss(ActorCriticNetwork.POLICY_OUTPUT), reader.loss(ActorCriticNetwork.VALUE_OUTPUT),
                reader.stateWidth);
    }

    /** Whether the network has LSTM layers, whose state each environment carries from step to step. */
    public boolean recurrent() {
        return stateWidth > 0;
    }

    /** Values per environment of the recurrent state ({@link RecurrentState}); 0 for a feed-forward network. */
    public int stateWidth() {
        return stateWidth;
    }

    /** Width of one row of the policy output: the action distribution's parameters. */
    int paramWidth() {
        int width = 0;
        for (int part : policyParts) {
            width += layers[part].nOut;
        }
        return width;
    }

    /** Follows the configuration's vertex inputs back from an output, listing each layer once. */
    private static final class Reader {
        private final ComputationGraph net;
        private final ComputationGraphConfiguration conf;
        private final String input;
        private final int observationDim;
        private final List<Double> scales = new ArrayList<>();
        private final Map<String, Integer> scaleIndex = new LinkedHashMap<>();
        private final List<Layer> layers = new ArrayList<>();
        private final Map<String, Integer> layerIndex = new LinkedHashMap<>();
        private int stateWidth;

        Reader(ComputationGraph net) {
            this.net = net;
            this.conf = net.getConfiguration();
            if (conf.getNetworkInputs().size() != 1) {
                throw new IllegalArgumentException("expected one network input, but found " + conf.getNetworkInputs());
            }
            this.input = conf.getNetworkInputs().get(0);
            this.observationDim = Math.toIntExact(((FeedForwardLayer) firstLayerOnInput().getLayerConf().getLayer())
                    .getNIn());
        }

        private LayerVertex firstLayerOnInput() {
            for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
                if (e.getValue().contains(input) && conf.getVertices().get(e.getKey()) instanceof LayerVertex v) {
                    return v;
                }
            }
            throw new IllegalArgumentException("no layer reads the network input '" + input + "'");
        }

        /** The indexes of the dense layers whose outputs, concatenated, are network output {@code name}. */
        int[] outputs(String name) {
            GraphVertex vertex = vertex(name);
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof LossLayer loss) {
                requireActivation(name, loss.getActivationFn(), false);
                return outputs(onlyInput(name));
            }
            if (vertex instanceof MergeVertex) {
                return conf.getVertexInputs().get(name).stream().mapToInt(this::dense).toArray();
            }
            return new int[] {dense(name)};
        }

        /** The PPO loss of output {@code name}: an output layer's or a loss layer's. */
        PerExampleLoss loss(String name) {
            ILossFunction loss = null;
            if (vertex(name) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseOutputLayer out) {
                loss = out.getLossFn();
            } else if (vertex(name) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof LossLayer out) {
                loss = out.getLossFn();
            }
            if (!(loss instanceof PerExampleLoss ppo)) {
                throw new IllegalArgumentException("output '" + name + "' must end in one of the project's PPO losses, "
                        + "but has " + loss);
            }
            return ppo;
        }

        private int dense(String name) {
            Integer existing = layerIndex.get(name);
            if (existing != null) {
                return existing;
            }
            GraphVertex vertex = vertex(name);
            if (vertex instanceof LayerVertex lstm && lstm.getLayerConf().getLayer() instanceof LSTM conf) {
                return lstm(name, conf);
            }
            if (!(vertex instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof DenseLayer
                    || lv.getLayerConf().getLayer() instanceof OutputLayer)) {
                throw unsupported(name, vertex);
            }
            BaseLayer layer = (BaseLayer) lv.getLayerConf().getLayer();
            Activation activation = requireActivation(name, layer.getActivationFn(), true);
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            int source = source(onlyInput(name));
            int sourceWidth = source >= 0 ? layers.get(source).nOut : observationDim;
            if (sourceWidth != ff.getNIn()) {
                throw new IllegalArgumentException("layer '" + name + "' has nIn " + ff.getNIn() + " but its input has "
                        + sourceWidth + " values");
            }
            boolean hasBias = net.getLayer(name).paramTable().containsKey(DefaultParamInitializer.BIAS_KEY);
            layers.add(new Layer(name, Math.toIntExact(ff.getNIn()), Math.toIntExact(ff.getNOut()), activation, source,
                    ParamView.of(net, name + "_" + DefaultParamInitializer.WEIGHT_KEY),
                    hasBias ? ParamView.of(net, name + "_" + DefaultParamInitializer.BIAS_KEY) : null, null, -1));
            layerIndex.put(name, layers.size() - 1);
            return layers.size() - 1;
        }

        /** An LSTM layer on the observation, tanh on block input and cell, sigmoid gates (DL4J's defaults). */
        private int lstm(String name, LSTM conf) {
            if (!(conf.getActivationFn() instanceof ActivationTanH) || !(conf.getGateActivationFn()
                    instanceof ActivationSigmoid)) {
                throw new IllegalArgumentException("LSTM layer '" + name + "' has activation " + conf.getActivationFn()
                        + " and gate activation " + conf.getGateActivationFn() + "; the plain-Java actor-critic "
                        + "computes tanh with sigmoid gates");
            }
            if (source(onlyInput(name)) != OBSERVATION) {
                throw new IllegalArgumentException("LSTM layer '" + name + "' reads '" + onlyInput(name)
                        + "'; the plain-Java actor-critic computes LSTM layers on the observation only");
            }
            if (conf.getNIn() != observationDim) {
                throw new IllegalArgumentException("LSTM layer '" + name + "' has nIn " + conf.getNIn()
                        + " but the observation has " + observationDim + " values");
            }
            int hiddenSize = Math.toIntExact(conf.getNOut());
            layers.add(new Layer(name, observationDim, hiddenSize, Activation.TANH, OBSERVATION,
                    ParamView.of(net, name + "_" + LSTMParamInitializer.INPUT_WEIGHT_KEY),
                    ParamView.of(net, name + "_" + LSTMParamInitializer.BIAS_KEY),
                    ParamView.of(net, name + "_" + LSTMParamInitializer.RECURRENT_WEIGHT_KEY), stateWidth));
            stateWidth += 2 * hiddenSize;
            layerIndex.put(name, layers.size() - 1);
            return layers.size() - 1;
        }

        /** What vertex {@code name} produces: the observation, a scaled observation, or a layer's output. */
        private int source(String name) {
            if (name.equals(input)) {
                return OBSERVATION;
            }
            if (vertex(name) instanceof ScaleVertex scale && onlyInput(name).equals(input)) {
                int s = scaleIndex.computeIfAbsent(name, n -> {
                    scales.add(scale.getScaleFactor());
                    return scales.size() - 1;
                });
                return -2 - s;
            }
            return dense(name);
        }

        private GraphVertex vertex(String name) {
            GraphVertex vertex = conf.getVertices().get(name);
            if (vertex == null) {
                throw new IllegalArgumentException("the network has no vertex '" + name + "'");
            }
            return vertex;
        }

        private String onlyInput(String name) {
            List<String> inputs = conf.getVertexInputs().get(name);
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("vertex '" + name + "' has inputs " + inputs + ", expected one");
            }
            return inputs.get(0);
        }

        /** Identity, or where {@code hiddenAllowed} also tanh and ReLU. */
        private static Activation requireActivation(String name, IActivation activation, boolean hiddenAllowed) {
            if (hiddenAllowed && activation instanceof ActivationTanH) {
                return Activation.TANH;
            }
            if (hiddenAllowed && activation instanceof ActivationReLU) {
                return Activation.RELU;
            }
            if (activation instanceof ActivationIdentity) {
                return Activation.IDENTITY;
            }
            throw new IllegalArgumentException("layer '" + name + "' has activation " + activation
                    + "; the plain-Java actor-critic computes " + (hiddenAllowed ? "tanh, ReLU and identity" : "identity")
                    + " here");
        }

        private static IllegalArgumentException unsupported(String name, GraphVertex vertex) {
            String what = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName()
                    : vertex.getClass().getSimpleName();
            return new IllegalArgumentException("vertex '" + name + "' is a " + what + "; the plain-Java actor-critic "
                    + "computes dense, LSTM and output layers, their merge, and a scaled observation");
        }
    }
}
