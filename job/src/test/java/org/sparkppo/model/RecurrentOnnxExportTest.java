package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkppo.model.ActorCriticOnnxTest.interleave;
import static org.sparkppo.model.ActorCriticOnnxTest.maxDifference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.Box;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Space;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.seed.SplitMix64;

/**
 * The export of a recurrent policy run by ONNX Runtime one step per call, its state outputs fed
 * back as the next step's state inputs and zeroed for an environment whose episode starts, against
 * the plain-Java {@link ActorCriticForward#step} on the same sequence and episode starts: the
 * distribution parameters, the values and every layer's {@code h} and {@code c} within
 * {@value #TOLERANCE} at every step, the actions identical; for Discrete and Box, separate and
 * shared trunks, tanh and ReLU hidden layers, with observation normalization folded in.
 */
class RecurrentOnnxExportTest {
    private static final double TOLERANCE = 1e-12;
    private static final int COUNT = 5;
    private static final int STEPS = 12;

    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}")
    @CsvSource({"CartPoleNoVel-v1, false, tanh", "CartPoleNoVel-v1, true, tanh", "CartPoleNoVel-v1, false, relu",
            "PendulumNoVel-v1, false, tanh", "PendulumNoVel-v1, true, tanh", "PendulumNoVel-v1, true, relu"})
    void onnxRuntimeStepsAsTheForwardPassSteps(String envId, boolean shared, String activation) throws OrtException {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "model.recurrent=true",
                "model.lstmHiddenSize=6", "model.hiddenSizes=[5]", "model.sharedTrunk=" + shared,
                "model.activation=" + activation));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        Space actionSpace = spec.actionSpace();
        ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), actionSpace);
        double[] moved = net.params().toDoubleVector();
        SplitMix64 rng = new SplitMix64(3);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.3 * rng.nextGaussian();
        }
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
        ActorCriticGraph graph = ActorCriticGraph.of(net);
        int d = graph.observationDim;
        float[][] observations = new float[STEPS][COUNT * d];
        for (float[] step : observations) {
            for (int k = 0; k < step.length; k++) {
                step[k] = (float) (2 * rng.nextGaussian());
            }
        }
        ObservationNormalizer normalizer = ObservationNormalizer.of(RunningMeanStd.ofBatch(observations[0], COUNT, d),
                1.5);

        ActorCriticForward forward = ActorCriticForward.of(net);
        ActionDistribution distribution = ActionDistributions.forSpace(actionSpace);
        int pw = forward.paramWidth();
        int aw = distribution.actionWidth();
        RecurrentState state = RecurrentState.zeros(COUNT, graph.stateWidth());
        double[] params = new double[COUNT * pw];
        double[] values = new double[COUNT];
        float[] actions = new float[COUNT * aw];

        byte[] model = ActorCriticOnnx.export(net, normalizer, actionSpace, false, envId, "test");
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, double[]> onnxState = new HashMap<>();
        for (ActorCriticGraph.Layer layer : graph.layers) {
            if (layer.recurrent()) {
                onnxState.put(layer.name + ActorCriticOnnx.H_IN, new double[COUNT * layer.nOut]);
                onnxState.put(layer.name + ActorCriticOnnx.C_IN, new double[COUNT * layer.nOut]);
            }
        }
        assertEquals(shared ? 2 : 4, onnxState.size(), "state inputs " + onnxState.keySet());
        double worst = 0;
        int resets = 0;
        try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions())) {
            for (int t = 0; t < STEPS; t++) {
                if (t > 0 && t % 4 == 0) {
                    int slot = (t / 4) % COUNT;
                    state.reset(slot);
                    for (Map.Entry<String, double[]> e : onnxState.entrySet()) {
                        int h = e.getValue().length / COUNT;
                        Arrays.fill(e.getValue(), slot * h, (slot + 1) * h, 0.0);
                    }
                    resets++;
                }
                forward.step(normalizer.apply(observations[t], COUNT), COUNT, state, params, values);
                for (int i = 0; i < COUNT; i++) {
                    distribution.mode(params, i * pw, actions, i * aw);
                }
                if (actionSpace instanceof Box box) {
                    for (int k = 0; k < actions.length; k++) {
                        actions[k] = Math.min(Math.max(actions[k], box.low(k % aw)), box.high(k % aw));
                    }
                }

                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put(ActorCriticOnnx.INPUT, OnnxTensor.createTensor(environment,
                        FloatBuffer.wrap(observations[t]), new long[] {COUNT, d}));
                for (Map.Entry<String, double[]> e : onnxState.entrySet()) {
                    inputs.put(e.getKey(), OnnxTensor.createTensor(environment, DoubleBuffer.wrap(e.getValue()),
                            new long[] {COUNT, e.getValue().length / COUNT}));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    double[] onnxParams = actionSpace instanceof Box
                            ? interleave(doubles(result, ActorCriticOnnx.MEAN), doubles(result, ActorCriticOnnx.LOG_STD),
                                    COUNT)
                            : doubles(result, ActorCriticOnnx.LOGITS);
                    double[] onnxValues = doubles(result, ActorCriticOnnx.VALUE);
                    assertArrayEquals(params, onnxParams, TOLERANCE, "distribution parameters at step " + t);
                    assertArrayEquals(values, onnxValues, TOLERANCE, "values at step " + t);
                    worst = Math.max(worst, Math.max(maxDifference(params, onnxParams),
                            maxDifference(values, onnxValues)));
                    for (ActorCriticGraph.Layer layer : graph.layers) {
                        if (!layer.recurrent()) {
                            continue;
                        }
                        double[] h = doubles(result, layer.name + ActorCriticOnnx.H_OUT);
                        double[] c = doubles(result, layer.name + ActorCriticOnnx.C_OUT);
                        double[] javaH = new double[h.length];
                        double[] javaC = new double[c.length];
                        for (int i = 0; i < COUNT; i++) {
                            int at = i * state.width() + layer.stateOffset;
                            System.arraycopy(state.values(), at, javaH, i * layer.nOut, layer.nOut);
                            System.arraycopy(state.values(), at + layer.nOut, javaC, i * layer.nOut, layer.nOut);
                        }
                        assertArrayEquals(javaH, h, TOLERANCE, layer.name + " h at step " + t);
                        assertArrayEquals(javaC, c, TOLERANCE, layer.name + " c at step " + t);
                        worst = Math.max(worst, Math.max(maxDifference(javaH, h), maxDifference(javaC, c)));
                        onnxState.put(layer.name + ActorCriticOnnx.H_IN, h);
                        onnxState.put(layer.name + ActorCriticOnnx.C_IN, c);
                    }
                    assertArrayEquals(actions, actions(result), 0f, "actions at step " + t);
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
        assertTrue(resets >= 2, "the sequence must hold episode starts");
        System.out.printf("RecurrentOnnxExportTest %s shared=%s %s: max |ONNX - ActorCriticForward.step| %.3g over "
                + "%d steps%n", envId, shared, activation, worst, STEPS);
    }

    private static double[] doubles(OrtSession.Result result, String name) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow(() -> new AssertionError("no output " + name));
        double[] values = new double[(int) tensor.getInfo().getNumElements()];
        tensor.getDoubleBuffer().get(values);
        return values;
    }

    private static float[] actions(OrtSession.Result result) {
        OnnxTensor tensor = (OnnxTensor) result.get(ActorCriticOnnx.ACTION).orElseThrow();
        float[] actions = new float[(int) tensor.getInfo().getNumElements()];
        if (tensor.getInfo().type == OnnxJavaType.INT64) {
            long[] indexes = new long[actions.length];
            tensor.getLongBuffer().get(indexes);
            for (int i = 0; i < actions.length; i++) {
                actions[i] = indexes[i];
            }
        } else {
            tensor.getFloatBuffer().get(actions);
        }
        return actions;
    }
}
