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

    private OnnxRuntimePolicy(OrtEnvironment environment, OrtSession session, int observationDim, int actionWidth) {
        this.environment = environment;
        this.session = session;
        this.observationDim = observationDim;
        this.actionWidth = actionWidth;
    }

    /**
     * Loads {@code model}, which must take {@value ActorCriticOnnx#INPUT} of {@code observationDim}
     * values and give {@value ActorCriticOnnx#ACTION}; anything else is bad input naming {@code file}.
     */
    public static OnnxRuntimePolicy load(byte[] model, String file, int observationDim, int actionWidth,
                                         boolean discrete) {
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
            boolean fits = in != null && in.length == 2 && in[1] == observationDim && out != null
                    && out.length == (discrete ? 1 : 2) && (discrete || out[1] == actionWidth);
            if (!fits) {
                BadInputException refusal = new BadInputException(file + ": expected input '" + ActorCriticOnnx.INPUT
                        + "' [batch, " + observationDim + "] and output '" + ActorCriticOnnx.ACTION + "' "
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
        return new OnnxRuntimePolicy(environment, session, observationDim, actionWidth);
    }

    private static long[] shape(NodeInfo node) {
        return node != null && node.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : null;
    }

    @Override
    public void act(float[] observations, int count, float[] actionsOut) {
        try (OnnxTensor input = OnnxTensor.createTensor(environment,
                FloatBuffer.wrap(observations, 0, count * observationDim), new long[] {count, observationDim});
             OrtSession.Result result = session.run(Map.of(ActorCriticOnnx.INPUT, input),
                     Set.of(ActorCriticOnnx.ACTION))) {
            OnnxTensor action = (OnnxTensor) result.get(ActorCriticOnnx.ACTION).orElseThrow();
            if (action.getInfo().type == OnnxJavaType.INT64) {
                LongBuffer indexes = action.getLongBuffer();
                for (int i = 0; i < count; i++) {
                    actionsOut[i] = indexes.get(i);
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
