package org.sparkppo.eval;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.Space;
import org.sparkppo.model.ActorCriticOnnx;

/**
 * An exported policy ({@link ActorCriticOnnx}) played through ONNX Runtime's Java API: its
 * {@value ActorCriticOnnx#ACTION} output for the raw observations. ONNX Runtime is not bundled with
 * the job: check that it is on the class path before this class is first used (linking it loads
 * ONNX Runtime's classes). One intra-op thread, so a batch is computed the same way on every machine
 * size.
 *
 * <p>A recurrent policy's LSTM state (inputs {@code <layer>_h_in}, {@code <layer>_c_in}) is carried
 * from step to step as {@link NetworkPolicy} carries it: zero at the first step, then each step's state
 * outputs ({@code <layer>_h_out}, {@code <layer>_c_out}) fed back as the next step's inputs (evaluation
 * plays each environment's first episode only, so no episode starts later). Not thread-safe.
 */
public final class OnnxRuntimePolicy implements DeterministicPolicy, AutoCloseable {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int observationDim;
    private final int actionWidth;
    /** Flags per row of the {@value ActorCriticOnnx#ACTION_MASK} input; 0 when the model has none. */
    private final int maskWidth;
    /** The LSTM state inputs and the values per row of each. */
    private final String[] stateInputs;
    private final int[] stateWidths;
    /** The outputs {@link ActorCriticOnnx#ACTION} and the state outputs, what each step reads. */
    private final Set<String> readOutputs;
    /** Per state input: the state of each environment; null until the first act. */
    private double[][] state;

    private OnnxRuntimePolicy(OrtEnvironment environment, OrtSession session, int observationDim, int actionWidth,
                              int maskWidth, String[] stateInputs, int[] stateWidths) {
        this.environment = environment;
        this.session = session;
        this.observationDim = observationDim;
        this.actionWidth = actionWidth;
        this.maskWidth = maskWidth;
        this.stateInputs = stateInputs;
        this.stateWidths = stateWidths;
        this.readOutputs = new HashSet<>(List.of(ActorCriticOnnx.ACTION));
        for (String input : stateInputs) {
            readOutputs.add(ActorCriticOnnx.stateOutput(input));
        }
    }

    /**
     * Loads {@code model}, which must take {@value ActorCriticOnnx#INPUT} of {@code observationDim}
     * values (and, where the environment is {@code masked}, {@value ActorCriticOnnx#ACTION_MASK}) and give
     * {@value ActorCriticOnnx#ACTION} for {@code actionSpace}, and any other input is an LSTM state
     * (double {@code [batch, H]}) with its state output of the same shape; anything else is bad input
     * naming {@code file}.
     */
    public static OnnxRuntimePolicy load(byte[] model, String file, int observationDim, Space actionSpace,
                                         boolean masked) {
        boolean discrete = actionSpace instanceof Discrete;
        int actionWidth = actionSpace.flatDim();
        int maskWidth = masked ? ActionMaskShape.of(actionSpace).width() : 0;
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw new BadInputException(file + ": expected an ONNX model ONNX Runtime loads, found one it refuses ("
                    + e.getMessage() + ")", e);
        }
        try {
            long[] in = shape(session.getInputInfo().get(ActorCriticOnnx.INPUT));
            long[] out = shape(session.getOutputInfo().get(ActorCriticOnnx.ACTION));
            long[] mask = shape(session.getInputInfo().get(ActorCriticOnnx.ACTION_MASK));
            boolean fits = in != null && in.length == 2 && in[1] == observationDim && out != null
                    && out.length == (discrete ? 1 : 2) && (discrete || out[1] == actionWidth)
                    && (masked ? mask != null && mask.length == 2 && mask[1] == maskWidth : mask == null);
            if (!fits) {
                BadInputException refusal = new BadInputException(file + ": expected input '" + ActorCriticOnnx.INPUT
                        + "' [batch, " + observationDim + "]" + (masked ? ", input '" + ActorCriticOnnx.ACTION_MASK
                        + "' [batch, " + maskWidth + "]" : "") + " and output '" + ActorCriticOnnx.ACTION + "' "
                        + (discrete ? "[batch]" : "[batch, " + actionWidth + "]") + " (the run's environment), found "
                        + "inputs " + session.getInputNames() + " " + Arrays.toString(in) + " and outputs "
                        + session.getOutputNames() + " " + Arrays.toString(out));
                session.close();
                throw refusal;
            }
            List<String> stateInputs = new ArrayList<>();
            List<Integer> stateWidths = new ArrayList<>();
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                String name = e.getKey();
                if (name.equals(ActorCriticOnnx.INPUT) || name.equals(ActorCriticOnnx.ACTION_MASK)) {
                    continue;
                }
                long[] shape = shape(e.getValue());
                NodeInfo output = ActorCriticOnnx.isStateInput(name)
                        ? session.getOutputInfo().get(ActorCriticOnnx.stateOutput(name)) : null;
                if (!isState(e.getValue()) || output == null || !isState(output)
                        || !Arrays.equals(shape, shape(output))) {
                    String refusal = file + ": expected every input but '" + ActorCriticOnnx.INPUT + "' and '"
                            + ActorCriticOnnx.ACTION_MASK + "' to be an LSTM state '<layer>" + ActorCriticOnnx.H_IN
                            + "' or '<layer>" + ActorCriticOnnx.C_IN + "' of doubles [batch, H] with an output "
                            + "'<layer>" + ActorCriticOnnx.H_OUT + "' or '<layer>" + ActorCriticOnnx.C_OUT + "' of the "
                            + "same shape, found input '" + name + "' " + e.getValue().getInfo() + " and outputs "
                            + session.getOutputNames();
                    session.close();
                    throw new BadInputException(refusal);
                }
                stateInputs.add(name);
                stateWidths.add(Math.toIntExact(shape[1]));
            }
            return new OnnxRuntimePolicy(environment, session, observationDim, actionWidth, maskWidth,
                    stateInputs.toArray(String[]::new), stateWidths.stream().mapToInt(Integer::intValue).toArray());
        } catch (OrtException e) {
            throw new BadInputException(file + ": expected an ONNX model whose inputs and outputs ONNX Runtime can "
                    + "describe, found an error (" + e.getMessage() + ")", e);
        }
    }

    /** Double {@code [batch, H]}, {@code H > 0}: an LSTM state. */
    private static boolean isState(NodeInfo node) {
        long[] shape = shape(node);
        return shape != null && shape.length == 2 && shape[1] > 0
                && ((TensorInfo) node.getInfo()).type == OnnxJavaType.DOUBLE;
    }

    private static long[] shape(NodeInfo node) {
        return node != null && node.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : null;
    }

    @Override
    public void act(float[] observations, boolean[] actionMasks, int count, float[] actionsOut) {
        if (state == null || (stateInputs.length > 0 && state[0].length != count * stateWidths[0])) {
            state = new double[stateInputs.length][];
            for (int s = 0; s < stateInputs.length; s++) {
                state[s] = new double[count * stateWidths[s]];
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(ActorCriticOnnx.INPUT, OnnxTensor.createTensor(environment,
                    FloatBuffer.wrap(observations, 0, count * observationDim), new long[] {count, observationDim}));
            if (maskWidth > 0) {
                float[] valid = new float[count * maskWidth];
                for (int k = 0; k < valid.length; k++) {
                    valid[k] = actionMasks[k] ? 1f : 0f;
                }
                inputs.put(ActorCriticOnnx.ACTION_MASK, OnnxTensor.createTensor(environment, FloatBuffer.wrap(valid),
                        new long[] {count, maskWidth}));
            }
            for (int s = 0; s < stateInputs.length; s++) {
                inputs.put(stateInputs[s], OnnxTensor.createTensor(environment, DoubleBuffer.wrap(state[s]),
                        new long[] {count, stateWidths[s]}));
            }
            try (OrtSession.Result result = session.run(inputs, readOutputs)) {
                OnnxTensor action = (OnnxTensor) result.get(ActorCriticOnnx.ACTION).orElseThrow();
                if (action.getInfo().type == OnnxJavaType.INT64) {
                    LongBuffer indexes = action.getLongBuffer();
                    for (int k = 0; k < count * actionWidth; k++) {
                        actionsOut[k] = indexes.get(k);
                    }
                } else {
                    action.getFloatBuffer().get(actionsOut, 0, count * actionWidth);
                }
                for (int s = 0; s < stateInputs.length; s++) {
                    ((OnnxTensor) result.get(ActorCriticOnnx.stateOutput(stateInputs[s])).orElseThrow())
                            .getDoubleBuffer().get(state[s]);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to close its session: " + e.getMessage(), e);
        }
    }
}
