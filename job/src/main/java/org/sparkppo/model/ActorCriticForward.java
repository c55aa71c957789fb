package org.sparkppo.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link ActorCriticNetwork}'s inference, {@code net.output(false, obs)}, in plain Java on
 * preallocated arrays, allocating nothing per call: for the rollout's few observations per step,
 * where DL4J's fixed cost per call dominates, tens of times faster than DL4J, and still a few times
 * faster at 256 observations ({@code org.sparkppo.bench.RolloutInferenceBenchmark}).
 *
 * <p>It reads the graph once: starting from the outputs {@value ActorCriticNetwork#POLICY_OUTPUT}
 * and {@value ActorCriticNetwork#VALUE_OUTPUT} it follows each vertex's inputs back to the
 * observation, accepting dense layers with tanh or identity activation, a merge of dense layers
 * (the Gaussian policy's {@code [μ, log σ]}), a loss layer with identity activation, and a scale
 * vertex on the observation (the log-std layer's {@code obs × 0}). A layer both heads use (the
 * shared trunk) is computed once. Anything else is rejected when the forward is built.
 *
 * <p>Each layer computes {@code a = φ(x·W + b)} in DL4J's order: for every output unit the
 * products are accumulated over the inputs in ascending order with fused multiply-adds from
 * {@code +0}, then the bias is added, then the activation applied. That is the order in which
 * OpenBLAS 0.3.19's {@code dgemm} sums for these shapes (measured on the project's AVX-512 AMD
 * EPYC machines), so pre-activations of layers with two or more units are bitwise DL4J's;
 * single-unit layers (the value head) go through {@code dgemv}, whose four-lane partial sums may
 * round differently in the last bit. The tanh is
 * {@link #tanh(double) computed from one exponential}, as accurate in absolute terms as ND4J's
 * own (neither is {@code Math.tanh}). On the project's networks the outputs agree with DL4J's to
 * about {@code 1e-15} (see {@code ActorCriticForwardTest}). The log-std layer's input
 * {@code obs × 0} is computed, not assumed: for finite observations its outputs are exactly the
 * bias, for non-finite ones NaN, as in DL4J.
 *
 * <p>The parameters come from the network's own flat vector ({@code net.params()}), whose layout
 * is read from the network's parameter views: layers in the graph's topological order, each as
 * {@code W} ({@code [nIn, nOut]}, column-major) then {@code b}. {@link #load(double[])} copies
 * them into per-input weight rows for the inner loop, so a new iteration's parameters cost one pass
 * over the vector. Not thread-safe: one instance per thread.
 */
public final class ActorCriticForward {
    private final int observationDim;
    private final int numParams;
    private final double[] observation;
    private final ScaledObservation[] scaledObservations;
    private final Dense[] layers;
    private final Dense[] policyParts;
    private final Dense value;
    private final int paramWidth;

    private ActorCriticForward(int observationDim, int numParams, double[] observation,
                               ScaledObservation[] scaledObservations, Dense[] layers, Dense[] policyParts, Dense value) {
        this.observationDim = observationDim;
        this.numParams = numParams;
        this.observation = observation;
        this.scaledObservations = scaledObservations;
        this.layers = layers;
        this.policyParts = policyParts;
        this.value = value;
        this.paramWidth = Arrays.stream(policyParts).mapToInt(d -> d.nOut).sum();
    }

    /**
     * The forward pass of {@code net}'s architecture, loaded with {@code net}'s current parameters.
     *
     * @throws IllegalArgumentException when the network is not double precision or has a vertex
     *                                  this forward does not compute
     */
    public static ActorCriticForward of(ComputationGraph net) {
        if (net.params().dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("ActorCriticForward reproduces double-precision networks, but the "
                    + "network's parameters are " + net.params().dataType());
        }
        GraphReader reader = new GraphReader(net);
        List<Dense> policyParts = reader.outputs(ActorCriticNetwork.POLICY_OUTPUT);
        List<Dense> values = reader.outputs(ActorCriticNetwork.VALUE_OUTPUT);
        if (values.size() != 1 || values.get(0).nOut != 1) {
            throw new IllegalArgumentException("the value output must be one dense layer with one unit");
        }
        ActorCriticForward forward = new ActorCriticForward(reader.observationDim, (int) net.numParams(),
                reader.observation, reader.scaled.values().toArray(ScaledObservation[]::new),
                reader.layers.values().toArray(Dense[]::new), policyParts.toArray(Dense[]::new), values.get(0));
        forward.load(net.params().toDoubleVector());
        return forward;
    }

    /** Takes new parameters, laid out as {@code net.params()} of the network this forward was built from. */
    public void load(double[] flatParams) {
        if (flatParams.length != numParams) {
            throw new IllegalArgumentException("expected " + numParams + " parameters, but got " + flatParams.length);
        }
        for (Dense layer : layers) {
            layer.load(flatParams);
        }
    }

    /**
     * The action distribution's parameters and the value of each observation.
     *
     * @param observations          {@code [count × observationDim]}, row-major
     * @param distributionParamsOut receives {@code [count × paramWidth]}, row-major
     * @param valuesOut             receives {@code [count]}
     */
    public void forward(float[] observations, int count, double[] distributionParamsOut, double[] valuesOut) {
        for (int row = 0; row < count; row++) {
            for (int k = 0; k < observationDim; k++) {
                observation[k] = observations[row * observationDim + k];
            }
            for (ScaledObservation s : scaledObservations) {
                s.compute(observation);
            }
            for (Dense layer : layers) {
                layer.compute();
            }
            int offset = row * paramWidth;
            for (Dense part : policyParts) {
                System.arraycopy(part.out, 0, distributionParamsOut, offset, part.nOut);
                offset += part.nOut;
            }
            valuesOut[row] = value.out[0];
        }
    }

    public int observationDim() {
        return observationDim;
    }

    /** Width of one row of distribution parameters: the policy output's size. */
    public int paramWidth() {
        return paramWidth;
    }

    /**
     * {@code tanh x = sign(x) · (1 − e^{−2|x|}) / (1 + e^{−2|x|})}: one {@link Math#exp} (an
     * intrinsic) instead of {@link Math#tanh} (a native fdlibm call, about four times slower). The
     * exponent is never positive, so nothing overflows and large arguments give exactly ±1. Its
     * absolute error is about one ulp of 1, like ND4J's tanh, with which it agrees bitwise on
     * about nine arguments in ten and otherwise by at most {@code 2.2e-16}; {@code −0} gives
     * {@code +0} and NaN gives NaN, as in ND4J.
     */
    private static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        double t = (1 - e) / (1 + e);
        return x < 0 ? -t : t;
    }

    /** The observation times a {@link ScaleVertex}'s factor, as DL4J computes it (IEEE: {@code ±0}, or NaN). */
    private record ScaledObservation(double scale, double[] out) {
        void compute(double[] observation) {
            for (int k = 0; k < out.length; k++) {
                out[k] = observation[k] * scale;
            }
        }
    }

    /**
     * One dense layer {@code out = φ(in·W + b)}. W is kept as one array per input ({@code w[k][j]}):
     * C2 vectorizes the loop over output units only when the weights and the accumulators are
     * indexed alike (it cannot rule out that two arrays are one), about four times faster than
     * indexing one flat matrix.
     */
    private static final class Dense {
        private final int nIn;
        private final int nOut;
        private final boolean tanh;
        private final double[] in;
        private final double[] out;
        private final double[][] w;
        private final double[] b;
        private final ParamView weightView;
        private final ParamView biasView;

        Dense(int nIn, int nOut, boolean tanh, double[] in, ParamView weightView, ParamView biasView) {
            this.nIn = nIn;
            this.nOut = nOut;
            this.tanh = tanh;
            this.in = in;
            this.out = new double[nOut];
            this.w = new double[nIn][nOut];
            this.b = biasView == null ? null : new double[nOut];
            this.weightView = weightView;
            this.biasView = biasView;
        }

        void load(double[] flat) {
            for (int k = 0; k < nIn; k++) {
                for (int j = 0; j < nOut; j++) {
                    w[k][j] = flat[weightView.index(k, j)];
                }
            }
            if (b != null) {
                for (int j = 0; j < nOut; j++) {
                    b[j] = flat[biasView.index(0, j)];
                }
            }
        }

        /** Four inputs per pass over the accumulators, nested so that each unit still sums in input order. */
        void compute() {
            Arrays.fill(out, 0.0);
            int k = 0;
            for (; k + 4 <= nIn; k += 4) {
                double x0 = in[k];
                double x1 = in[k + 1];
                double x2 = in[k + 2];
                double x3 = in[k + 3];
                double[] w0 = w[k];
                double[] w1 = w[k + 1];
                double[] w2 = w[k + 2];
                double[] w3 = w[k + 3];
                for (int j = 0; j < nOut; j++) {
                    out[j] = Math.fma(x3, w3[j], Math.fma(x2, w2[j], Math.fma(x1, w1[j], Math.fma(x0, w0[j], out[j]))));
                }
            }
            for (; k < nIn; k++) {
                double x = in[k];
                double[] wk = w[k];
                for (int j = 0; j < nOut; j++) {
                    out[j] = Math.fma(x, wk[j], out[j]);
                }
            }
            for (int j = 0; j < nOut; j++) {
                double z = b == null ? out[j] : out[j] + b[j];
                out[j] = tanh ? tanh(z) : z;
            }
        }
    }

    /** Where element {@code (r, c)} of a parameter array lives in the flat vector. */
    private record ParamView(long offset, long rowStride, long columnStride) {
        static ParamView of(ComputationGraph net, String key) {
            INDArray view = net.getParam(key);
            long[] stride = view.stride();
            return new ParamView(view.offset() - net.params().offset(), stride[0], stride[1]);
        }

        int index(int r, int c) {
            return Math.toIntExact(offset + r * rowStride + c * columnStride);
        }
    }

    /** Follows the configuration's vertex inputs back from an output, creating each layer's {@link Dense} once. */
    private static final class GraphReader {
        private final ComputationGraph net;
        private final ComputationGraphConfiguration conf;
        private final String input;
        private final int observationDim;
        private final double[] observation;
        private final Map<String, ScaledObservation> scaled = new LinkedHashMap<>();
        /** In creation order, which puts every layer after the layers it reads. */
        private final Map<String, Dense> layers = new LinkedHashMap<>();

        GraphReader(ComputationGraph net) {
            this.net = net;
            this.conf = net.getConfiguration();
            if (conf.getNetworkInputs().size() != 1) {
                throw new IllegalArgumentException("expected one network input, but found " + conf.getNetworkInputs());
            }
            this.input = conf.getNetworkInputs().get(0);
            this.observationDim = Math.toIntExact(((FeedForwardLayer) firstLayerOnInput().getLayerConf().getLayer())
                    .getNIn());
            this.observation = new double[observationDim];
        }

        private LayerVertex firstLayerOnInput() {
            for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
                if (e.getValue().contains(input) && conf.getVertices().get(e.getKey()) instanceof LayerVertex v) {
                    return v;
                }
            }
            throw new IllegalArgumentException("no layer reads the network input '" + input + "'");
        }

        /** The dense layers whose outputs, concatenated, are network output {@code name}. */
        List<Dense> outputs(String name) {
            GraphVertex vertex = vertex(name);
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof LossLayer loss) {
                requireActivation(name, loss.getActivationFn(), false);
                return outputs(onlyInput(name));
            }
            if (vertex instanceof MergeVertex) {
                List<Dense> parts = new ArrayList<>();
                for (String part : conf.getVertexInputs().get(name)) {
                    parts.add(dense(part));
                }
                return parts;
            }
            return List.of(dense(name));
        }

        private Dense dense(String name) {
            Dense existing = layers.get(name);
            if (existing != null) {
                return existing;
            }
            GraphVertex vertex = vertex(name);
            if (!(vertex instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof DenseLayer
                    || lv.getLayerConf().getLayer() instanceof OutputLayer)) {
                throw unsupported(name, vertex);
            }
            BaseLayer layer = (BaseLayer) lv.getLayerConf().getLayer();
            boolean tanh = requireActivation(name, layer.getActivationFn(), true);
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            double[] in = source(onlyInput(name));
            if (in.length != ff.getNIn()) {
                throw new IllegalArgumentException("layer '" + name + "' has nIn " + ff.getNIn() + " but its input has "
                        + in.length + " values");
            }
            boolean hasBias = net.getLayer(name).paramTable().containsKey(DefaultParamInitializer.BIAS_KEY);
            Dense dense = new Dense(Math.toIntExact(ff.getNIn()), Math.toIntExact(ff.getNOut()), tanh, in,
                    ParamView.of(net, name + "_" + DefaultParamInitializer.WEIGHT_KEY),
                    hasBias ? ParamView.of(net, name + "_" + DefaultParamInitializer.BIAS_KEY) : null);
            layers.put(name, dense);
            return dense;
        }

        /** The values vertex {@code name} produces: the observation, a scaled observation, or a layer's output. */
        private double[] source(String name) {
            if (name.equals(input)) {
                return observation;
            }
            if (vertex(name) instanceof ScaleVertex scale && onlyInput(name).equals(input)) {
                return scaled.computeIfAbsent(name,
                        n -> new ScaledObservation(scale.getScaleFactor(), new double[observationDim])).out();
            }
            return dense(name).out;
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

        /** True for tanh, false for identity. */
        private static boolean requireActivation(String name, IActivation activation, boolean tanhAllowed) {
            if (tanhAllowed && activation instanceof ActivationTanH) {
                return true;
            }
            if (activation instanceof ActivationIdentity) {
                return false;
            }
            throw new IllegalArgumentException("layer '" + name + "' has activation " + activation
                    + "; ActorCriticForward computes " + (tanhAllowed ? "tanh and identity" : "identity") + " here");
        }

        private static IllegalArgumentException unsupported(String name, GraphVertex vertex) {
            String what = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName()
                    : vertex.getClass().getSimpleName();
            return new IllegalArgumentException("vertex '" + name + "' is a " + what + "; ActorCriticForward computes "
                    + "dense and output layers, their merge, and a scaled observation");
        }
    }
}
