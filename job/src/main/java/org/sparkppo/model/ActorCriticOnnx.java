package org.sparkppo.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.MultiDiscrete;
import org.sparkppo.env.Space;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.onnx.OnnxGraph;
import org.sparkppo.onnx.OnnxGraph.IntAttribute;
import org.sparkppo.policy.ActionMask;

/**
 * The trained policy as an ONNX model (opset {@value OnnxGraph#OPSET}) that computes what
 * deterministic evaluation computes ({@code eval.DeterministicEvaluation}), for any ONNX runtime.
 *
 * <p>Input {@value #INPUT}: raw observations, float32 {@code [batch, observationDim]}. When the run
 * normalizes observations, explicit nodes apply its final statistics as the trainer does: Cast to
 * double, Sub μ, Div {@code sqrt(σ² + 1e-8)}, Clip to ±{@code normalize.clipObservations}, then Cast
 * to float and back (the trainer stores normalized observations as float32, so the network's input
 * is the trainer's bit for bit). The network follows in double precision, layer by layer as
 * {@link ActorCriticGraph} reads it from the DL4J graph: Gemm ({@code x·W + b}) and Tanh per dense
 * layer, Mul for the log-std layer's {@code obs × 0}.
 *
 * <p>A recurrent policy's LSTM layer {@code <layer>} (Hochreiter and Schmidhuber 1997, no peepholes,
 * as {@link LstmKernel} computes it) takes its state as inputs {@code <layer>}{@value #H_IN} and
 * {@code <layer>}{@value #C_IN} (double {@code [batch, H]}, zeros at an episode's start) and gives the
 * state after this observation as outputs {@code <layer>}{@value #H_OUT} and
 * {@code <layer>}{@value #C_OUT}, which the caller feeds back at the next step: one time step per
 * call, as RLlib's exported recurrent models and sb3-contrib's {@code RecurrentPPO} take
 * {@code (obs, state) → (action, state)}. The step is unrolled into elementary nodes in double
 * precision, in {@link LstmKernel}'s block order {@code [a, f, o, g]} (block input, forget gate,
 * output gate, input gate; ONNX's {@code LSTM} operator names them c, f, o, i and orders them
 * i, o, f, c): MatMul {@code x·W}, MatMul {@code h·RW}, Add, Add {@code b}, Slice into the four
 * blocks, Tanh and Sigmoid, then {@code c = f ⊙ c_in + g ⊙ a} and {@code h = o ⊙ tanh(c)} (Mul, Add,
 * Tanh). (ONNX's {@code LSTM} operator is not used: ONNX Runtime's CPU kernel refuses double inputs,
 * "LSTM operator does not support double yet", {@code deep_cpu_lstm.cc}, and float would lose the
 * trainer's precision.)
 *
 * <p>Outputs (double unless said): {@value #LOGITS} {@code [batch, n]} (Discrete; {@code Σ nvec} for
 * MultiDiscrete, the components' logits side by side) or {@value #MEAN} and {@value #LOG_STD}
 * {@code [batch, d]} (Box); {@value #VALUE} {@code [batch, 1]}; and {@value #ACTION}, the deterministic
 * action: ArgMax of the logits (int64 {@code [batch]}; the first of equal maxima, as the trainer
 * picks), per component for MultiDiscrete (Slice, ArgMax, Concat: int64 {@code [batch, components]}),
 * or the mean cast to float32 and clipped to the action space's bounds (float32 {@code [batch, d]}).
 *
 * <p>The policy of an environment that masks actions takes a second input, {@value #ACTION_MASK}:
 * float32 {@code [batch, width]} laid out as the logits, nonzero for a valid action. The ArgMax then
 * runs on {@code Where(action_mask != 0, logits, −1e8)}, the trainer's masking, so the exported policy
 * never picks an invalid action either; {@value #LOGITS} stays the network's unmasked output.
 *
 * <p>Layers the translation does not know are refused with a message naming them.
 */
public final class ActorCriticOnnx {
    public static final String INPUT = "obs";
    public static final String LOGITS = "logits";
    public static final String MEAN = "mean";
    public static final String LOG_STD = "log_std";
    public static final String VALUE = "value";
    public static final String ACTION = "action";
    public static final String ACTION_MASK = "action_mask";
    /** Suffixes of an LSTM layer's state inputs and of the outputs that carry them to the next step. */
    public static final String H_IN = "_h_in";
    public static final String C_IN = "_c_in";
    public static final String H_OUT = "_h_out";
    public static final String C_OUT = "_c_out";
    private static final String BATCH = "batch";

    private ActorCriticOnnx() {
    }

    /** Whether input {@code name} is an LSTM layer's state: {@code <layer>_h_in} or {@code <layer>_c_in}. */
    public static boolean isStateInput(String name) {
        return name.endsWith(H_IN) || name.endsWith(C_IN);
    }

    /** The output that carries state input {@code stateInput} to the next step ({@code _h_in} → {@code _h_out}). */
    public static String stateOutput(String stateInput) {
        return stateInput.substring(0, stateInput.length() - "_in".length()) + "_out";
    }

    /**
     * The serialized ONNX model of {@code net} with {@code normalizer} folded in, for an environment
     * with {@code actionSpace}; with an {@value #ACTION_MASK} input where {@code masked}.
     *
     * @param source names the model in refusals (its file)
     * @throws BadInputException when the network holds a layer the export cannot translate
     */
    public static byte[] export(ComputationGraph net, ObservationNormalizer normalizer, Space actionSpace,
                                boolean masked, String envId, String source) {
        ActorCriticGraph graph;
        try {
            graph = ActorCriticGraph.of(net);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": expected a network of dense and LSTM layers the ONNX export "
                    + "translates, found that " + e.getMessage(), e);
        }
        boolean discrete = !(actionSpace instanceof Box);
        int[] parts = graph.policyParts;
        int d = actionSpace.flatDim();
        int[] nvec = actionSpace instanceof MultiDiscrete multi ? multi.nvec()
                : discrete ? new int[] {((Discrete) actionSpace).n()} : null;
        int[] expected = discrete ? new int[] {Arrays.stream(nvec).sum()} : new int[] {d, d};
        boolean shaped = parts.length == expected.length;
        for (int i = 0; shaped && i < parts.length; i++) {
            shaped = graph.layers[parts[i]].nOut == expected[i];
        }
        if (!shaped) {
            throw new BadInputException(source + ": expected a policy output of " + (discrete ? "logits" : "a mean "
                    + "and a log-std layer") + " for action space " + actionSpace + ", found " + parts.length
                    + " layer(s)");
        }
        Map<Integer, String> outputNames = new HashMap<>();
        outputNames.put(graph.value, VALUE);
        if (discrete) {
            outputNames.put(parts[0], LOGITS);
        } else {
            outputNames.put(parts[0], MEAN);
            outputNames.put(parts[1], LOG_STD);
        }

        OnnxGraph onnx = new OnnxGraph("spark_ppo_actor_critic");
        long obsDim = graph.observationDim;
        onnx.input(INPUT, OnnxGraph.FLOAT, BATCH, obsDim);
        if (masked) {
            onnx.input(ACTION_MASK, OnnxGraph.FLOAT, BATCH, (long) expected[0]);
        }
        String observation = onnx.node("Cast", List.of(INPUT), "obs_double", new IntAttribute("to", OnnxGraph.DOUBLE));
        if (normalizer.enabled()) {
            long[] vector = {obsDim};
            String centred = onnx.node("Sub", List.of(observation, onnx.constant("obs_mean", vector, normalizer.mean())),
                    "obs_centred");
            String scaled = onnx.node("Div", List.of(centred, onnx.constant("obs_divisor", vector,
                    normalizer.divisor())), "obs_scaled");
            String clipped = onnx.node("Clip", List.of(scaled,
                    onnx.constant("obs_clip_low", new long[0], new double[] {-normalizer.clip()}),
                    onnx.constant("obs_clip_high", new long[0], new double[] {normalizer.clip()})), "obs_clipped");
            String asFloat = onnx.node("Cast", List.of(clipped), "obs_normalized_float",
                    new IntAttribute("to", OnnxGraph.FLOAT));
            observation = onnx.node("Cast", List.of(asFloat), "obs_normalized", new IntAttribute("to", OnnxGraph.DOUBLE));
        }
        List<String> scaledObservations = new ArrayList<>();
        for (int s = 0; s < graph.scales.length; s++) {
            scaledObservations.add(onnx.node("Mul", List.of(observation, onnx.constant("obs_scale_" + s, new long[0],
                    new double[] {graph.scales[s]})), "obs_scaled_" + s));
        }
        double[] params = FlatArrays.rowMajor(net.params());
        List<ActorCriticGraph.Layer> recurrentLayers = new ArrayList<>();
        String[] layerOutputs = new String[graph.layers.length];
        for (int l = 0; l < graph.layers.length; l++) {
            ActorCriticGraph.Layer layer = graph.layers[l];
            int from = layer.source;
            String in = from >= 0 ? layerOutputs[from]
                    : from == ActorCriticGraph.OBSERVATION ? observation : scaledObservations.get(-2 - from);
            if (layer.recurrent()) {
                layerOutputs[l] = lstmStep(onnx, layer, in, params);
                recurrentLayers.add(layer);
                continue;
            }
            List<String> gemmInputs = new ArrayList<>(List.of(in, onnx.constant(layer.name + "_W",
                    new long[] {layer.nIn, layer.nOut}, matrix(layer.weight, layer.nIn, layer.nOut, params))));
            if (layer.bias != null) {
                gemmInputs.add(onnx.constant(layer.name + "_b", new long[] {layer.nOut},
                        matrix(layer.bias, 1, layer.nOut, params)));
            }
            String name = outputNames.getOrDefault(l, layer.name);
            if (layer.activation != ActorCriticGraph.Activation.IDENTITY) {
                layerOutputs[l] = onnx.node(layer.activation == ActorCriticGraph.Activation.TANH ? "Tanh" : "Relu",
                        List.of(onnx.node("Gemm", gemmInputs, layer.name + "_linear")), name);
            } else {
                layerOutputs[l] = onnx.node("Gemm", gemmInputs, name);
            }
        }
        if (discrete) {
            onnx.output(LOGITS, OnnxGraph.DOUBLE, BATCH, (long) expected[0]);
            addArgMax(onnx, masked ? maskedLogits(onnx) : LOGITS, nvec, actionSpace instanceof MultiDiscrete);
        } else {
            onnx.output(MEAN, OnnxGraph.DOUBLE, BATCH, (long) d);
            onnx.output(LOG_STD, OnnxGraph.DOUBLE, BATCH, (long) d);
            Box box = (Box) actionSpace;
            float[] low = new float[d];
            float[] high = new float[d];
            for (int j = 0; j < d; j++) {
                low[j] = box.low(j);
                high[j] = box.high(j);
            }
            String meanFloat = onnx.node("Cast", List.of(MEAN), "mean_float", new IntAttribute("to", OnnxGraph.FLOAT));
            String atLeastLow = onnx.node("Max", List.of(meanFloat, onnx.constant("action_low", new long[] {d}, low)),
                    "action_at_least_low");
            onnx.node("Min", List.of(atLeastLow, onnx.constant("action_high", new long[] {d}, high)), ACTION);
        }
        onnx.output(VALUE, OnnxGraph.DOUBLE, BATCH, 1L);
        if (actionSpace instanceof MultiDiscrete) {
            onnx.output(ACTION, OnnxGraph.INT64, BATCH, (long) nvec.length);
        } else if (discrete) {
            onnx.output(ACTION, OnnxGraph.INT64, BATCH);
        } else {
            onnx.output(ACTION, OnnxGraph.FLOAT, BATCH, (long) d);
        }
        for (ActorCriticGraph.Layer layer : recurrentLayers) {
            onnx.output(layer.name + H_OUT, OnnxGraph.DOUBLE, BATCH, (long) layer.nOut);
            onnx.output(layer.name + C_OUT, OnnxGraph.DOUBLE, BATCH, (long) layer.nOut);
        }
        onnx.metadata("env_id", envId);
        onnx.metadata("observation_normalization", normalizer.enabled() ? "folded in" : "none");
        return onnx.toModel("spark-ppo");
    }

    /** {@code Where(action_mask != 0, logits, −1e8)}: the trainer's {@code policy.ActionMask}. */
    private static String maskedLogits(OnnxGraph onnx) {
        String valid = onnx.node("Cast", List.of(ACTION_MASK), "action_mask_bool", new IntAttribute("to", OnnxGraph.BOOL));
        return onnx.node("Where", List.of(valid, LOGITS, onnx.constant("masked_logit", new long[0],
                new double[] {ActionMask.MASKED_LOGIT})), "masked_logits");
    }

    /** {@value #ACTION}: ArgMax of {@code logits}, per component (Slice, ArgMax, Concat) for MultiDiscrete. */
    private static void addArgMax(OnnxGraph onnx, String logits, int[] nvec, boolean multi) {
        if (!multi) {
            onnx.node("ArgMax", List.of(logits), ACTION, new IntAttribute("axis", 1), new IntAttribute("keepdims", 0));
            return;
        }
        String axes = onnx.constant("component_axes", new long[] {1}, new long[] {1});
        List<String> indexes = new ArrayList<>();
        long start = 0;
        for (int c = 0; c < nvec.length; c++) {
            String slice = onnx.node("Slice", List.of(logits,
                    onnx.constant("component_" + c + "_start", new long[] {1}, new long[] {start}),
                    onnx.constant("component_" + c + "_end", new long[] {1}, new long[] {start + nvec[c]}), axes),
                    "component_" + c + "_logits");
            indexes.add(onnx.node("ArgMax", List.of(slice), "component_" + c + "_action", new IntAttribute("axis", 1),
                    new IntAttribute("keepdims", 1)));
            start += nvec[c];
        }
        onnx.node("Concat", indexes, ACTION, new IntAttribute("axis", 1));
    }

    /**
     * One time step of LSTM {@code layer} on {@code in}, {@link LstmKernel#step}'s arithmetic in ONNX
     * nodes: declares the state inputs and adds the nodes of the state outputs; returns {@code h}'s name.
     */
    private static String lstmStep(OnnxGraph onnx, ActorCriticGraph.Layer layer, String in, double[] params) {
        String n = layer.name;
        int h = layer.nOut;
        int width = 4 * h;
        onnx.input(n + H_IN, OnnxGraph.DOUBLE, BATCH, (long) h);
        onnx.input(n + C_IN, OnnxGraph.DOUBLE, BATCH, (long) h);
        String fromInput = onnx.node("MatMul", List.of(in, onnx.constant(n + "_W", new long[] {layer.nIn, width},
                matrix(layer.weight, layer.nIn, width, params))), n + "_from_input");
        String fromState = onnx.node("MatMul", List.of(n + H_IN, onnx.constant(n + "_RW", new long[] {h, width},
                matrix(layer.recurrentWeight, h, width, params))), n + "_from_state");
        String z = onnx.node("Add", List.of(onnx.node("Add", List.of(fromInput, fromState), n + "_products"),
                onnx.constant(n + "_b", new long[] {width}, matrix(layer.bias, 1, width, params))), n + "_z");
        String axes = onnx.constant(n + "_block_axes", new long[] {1}, new long[] {1});
        String[] blocks = {"a", "f", "o", "g"};
        String[] gates = new String[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            String block = onnx.node("Slice", List.of(z,
                    onnx.constant(n + "_" + blocks[i] + "_start", new long[] {1}, new long[] {(long) i * h}),
                    onnx.constant(n + "_" + blocks[i] + "_end", new long[] {1}, new long[] {(long) (i + 1) * h}), axes),
                    n + "_z_" + blocks[i]);
            gates[i] = onnx.node(i == 0 ? "Tanh" : "Sigmoid", List.of(block), n + "_" + blocks[i]);
        }
        String kept = onnx.node("Mul", List.of(gates[1], n + C_IN), n + "_c_kept");
        String written = onnx.node("Mul", List.of(gates[3], gates[0]), n + "_c_written");
        String c = onnx.node("Add", List.of(kept, written), n + C_OUT);
        return onnx.node("Mul", List.of(gates[2], onnx.node("Tanh", List.of(c), n + "_c_tanh")), n + H_OUT);
    }

    /** The {@code [rows, cols]} parameter array at {@code view} as a row-major array. */
    private static double[] matrix(ActorCriticGraph.ParamView view, int rows, int cols, double[] params) {
        double[] m = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r * cols + c] = params[view.index(r, c)];
            }
        }
        return m;
    }
}
