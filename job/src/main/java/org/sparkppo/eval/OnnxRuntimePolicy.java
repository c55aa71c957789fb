package org.sparkppo.eval;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
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
 */
public final class OnnxRuntimePolicy implements DeterministicPolicy, AutoCloseable {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int observationDim;
    private final int actionWidth;
    /** Flags per row of the {@value ActorCriticOnnx#ACTION_MASK} input; 0 when the model has none. */
    private final int maskWidth;

    private OnnxRuntimePolicy(OrtEnvironment environment, OrtSession session, int observationDim, int actionWidth,
                              int maskWidth) {
        this.environment = environment;
        this.session = session;
        this.observationDim = observationDim;
        this.actionWidth = actionWidth;
        this.maskWidth = maskWidth;
    }

    /**
     * Loads {@code model}, which must take {@value ActorCriticOnnx#INPUT} of {@code observationDim}
     * values (and, where the environment is {@code masked}, {@value ActorCriticOnnx#ACTION_MASK}) and give
     * {@value ActorCriticOnnx#ACTION} for {@code actionSpace}; anything else is bad input naming {@code file}.
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
        } catch (OrtException e) {
            throw new BadInputException(file + ": expected an ONNX model whose inputs and outputs ONNX Runtime can "
                    + "describe, found an error (" + e.getMessage() + ")", e);
        }
        return new OnnxRuntimePolicy(environment, session, observationDim, actionWidth, maskWidth);
    }

    private static long[] shape(NodeInfo node) {
        return node != null && node.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : null;
    }

    @Override
    public void act(float[] observations, boolean[] actionMasks, int count, float[] actionsOut) {
        float[] valid = new float[count * maskWidth];
        for (int k = 0; k < valid.length; k++) {
            valid[k] = actionMasks[k] ? 1f : 0f;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment,
                FloatBuffer.wrap(observations, 0, count * observationDim), new long[] {count, observationDim});
             OnnxTensor mask = OnnxTensor.createTensor(environment, FloatBuffer.wrap(valid),
                     new long[] {count, maskWidth});
             OrtSession.Result result = session.run(maskWidth > 0
                     ? Map.of(ActorCriticOnnx.INPUT, input, ActorCriticOnnx.ACTION_MASK, mask)
                     : Map.of(ActorCriticOnnx.INPUT, input), Set.of(ActorCriticOnnx.ACTION))) {
            OnnxTensor action = (OnnxTensor) result.get(ActorCriticOnnx.ACTION).orElseThrow();
            if (action.getInfo().type == OnnxJavaType.INT64) {
                LongBuffer indexes = action.getLongBuffer();
                for (int k = 0; k < count * actionWidth; k++) {
                    actionsOut[k] = indexes.get(k);
                }
            } else {
                action.getFloatBuffer().get(actionsOut, 0, count * actionWidth);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
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
