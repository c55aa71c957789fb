package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.Space;
import org.sparkppo.eval.NetworkPolicy;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.TrainingDataLayout;

/**
 * The exported model run by the real consumer, ONNX Runtime's Java API, on 256 real observations:
 * its distribution parameters and values equal DL4J's {@code output(false, obs)} and the plain-Java
 * {@link ActorCriticForward} within {@value #TOLERANCE} (both are double precision; the sums run in
 * other orders, so they differ in the last bits), and its {@code action} equals evaluation's
 * {@link NetworkPolicy} exactly; with observation normalization (clipping at 1.5, so that the clip
 * acts) and without.
 */
class ActorCriticOnnxTest {
    private static final double TOLERANCE = 1e-12;
    private static final int COUNT = 256;

    static Stream<Arguments> variants() {
        return TestNetworks.variants().flatMap(a -> Stream.of(Arguments.of(a.get()[0], a.get()[1], a.get()[2], true),
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], false)));
    }

    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}, normalized {3}")
    @MethodSource("variants")
    void onnxRuntimeComputesWhatDl4jAndTheEvaluationCompute(String envId, boolean sharedTrunk, String activation,
                                                            boolean normalized) throws OrtException {
        ComputationGraph net = TestNetworks.create(envId, sharedTrunk, activation);
        double[] moved = net.params().toDoubleVector();
        SplitMix64 rng = new SplitMix64(7);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.2 * rng.nextGaussian();
        }
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
        Space actionSpace = EnvRegistry.load().spec(envId).actionSpace();
        float[] observations = TestNetworks.realObservations(envId, COUNT);
        int dim = observations.length / COUNT;
        ObservationNormalizer normalizer = normalized
                ? ObservationNormalizer.of(RunningMeanStd.ofBatch(observations, COUNT / 2, dim), 1.5)
                : ObservationNormalizer.identity();

        Map<String, double[]> onnx = new LinkedHashMap<>();
        float[] onnxActions = run(ActorCriticOnnx.export(net, normalizer, actionSpace, false, envId, "test"), observations,
                dim, onnx);

        float[] networkInput = normalizer.apply(observations, COUNT);
        INDArray[] dl4j = net.output(false, TrainingDataLayout.observationBlock(networkInput, COUNT, dim));
        ActorCriticForward forward = ActorCriticForward.of(net);
        double[] params = new double[COUNT * forward.paramWidth()];
        double[] values = new double[COUNT];
        forward.forward(networkInput, COUNT, params, values);
        double[] onnxParams = actionSpace instanceof Discrete ? onnx.get(ActorCriticOnnx.LOGITS)
                : interleave(onnx.get(ActorCriticOnnx.MEAN), onnx.get(ActorCriticOnnx.LOG_STD), COUNT);
        double[] dl4jParams = dl4j[0].reshape((long) COUNT * forward.paramWidth()).toDoubleVector();
        double[] dl4jValues = dl4j[1].reshape(COUNT).toDoubleVector();
        assertArrayEquals(dl4jParams, onnxParams, TOLERANCE, "distribution parameters against DL4J");
        assertArrayEquals(dl4jValues, onnx.get(ActorCriticOnnx.VALUE), TOLERANCE, "values against DL4J");
        assertArrayEquals(params, onnxParams, TOLERANCE, "distribution parameters against ActorCriticForward");
        assertArrayEquals(values, onnx.get(ActorCriticOnnx.VALUE), TOLERANCE, "values against ActorCriticForward");
        System.out.printf("ActorCriticOnnxTest %s shared=%s normalized=%s: max |ONNX - DL4J| %.3g, "
                        + "max |ONNX - ActorCriticForward| %.3g%n", envId, sharedTrunk, normalized,
                Math.max(maxDifference(dl4jParams, onnxParams), maxDifference(dl4jValues, onnx.get(ActorCriticOnnx.VALUE))),
                Math.max(maxDifference(params, onnxParams), maxDifference(values, onnx.get(ActorCriticOnnx.VALUE))));

        float[] evaluated = new float[onnxActions.length];
        new NetworkPolicy(net, normalizer, actionSpace).act(observations, null, COUNT, evaluated);
        assertArrayEquals(evaluated, onnxActions, 0f, "actions against the evaluation's");
    }

    /** Runs the model on the observations; fills every double output and returns the actions as floats. */
    private static float[] run(byte[] model, float[] observations, int dim, Map<String, double[]> doubles)
            throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(observations),
                     new long[] {COUNT, dim});
             OrtSession.Result result = session.run(Map.of(ActorCriticOnnx.INPUT, input))) {
            float[] actions = null;
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                OnnxTensor tensor = (OnnxTensor) e.getValue();
                switch (tensor.getInfo().type) {
                    case DOUBLE -> {
                        double[] values = new double[(int) tensor.getInfo().getNumElements()];
                        tensor.getDoubleBuffer().get(values);
                        doubles.put(e.getKey(), values);
                    }
                    case INT64 -> {
                        long[] indexes = new long[COUNT];
                        tensor.getLongBuffer().get(indexes);
                        actions = new float[COUNT];
                        for (int i = 0; i < COUNT; i++) {
                            actions[i] = indexes[i];
                        }
                    }
                    case FLOAT -> {
                        actions = new float[(int) tensor.getInfo().getNumElements()];
                        tensor.getFloatBuffer().get(actions);
                    }
                    default -> throw new AssertionError("unexpected output type " + tensor.getInfo());
                }
            }
            assertEquals(ActorCriticOnnx.ACTION, new ArrayList<>(session.getOutputNames()).get(
                    session.getOutputNames().size() - 1));
            return actions;
        }
    }

    /** Rows of {@code [μ, log σ]}, as the network's policy output lays them out. */
    static double[] interleave(double[] mean, double[] logStd, int rows) {
        int d = mean.length / rows;
        double[] params = new double[2 * mean.length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(mean, r * d, params, 2 * r * d, d);
            System.arraycopy(logStd, r * d, params, 2 * r * d + d, d);
        }
        return params;
    }

    static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void anLstmTheTranslationDoesNotComputeIsRefusedNamingIt() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs(ActorCriticNetwork.INPUT).setInputTypes(InputType.recurrent(4))
                .addLayer("lstm", new LSTM.Builder().nIn(4).nOut(8).activation(Activation.SOFTSIGN).build(),
                        ActorCriticNetwork.INPUT)
                .addLayer(ActorCriticNetwork.POLICY_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(8).nOut(2).activation(Activation.IDENTITY).build(), "lstm")
                .addLayer(ActorCriticNetwork.VALUE_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(8).nOut(1).activation(Activation.IDENTITY).build(), "lstm")
                .setOutputs(ActorCriticNetwork.POLICY_OUTPUT, ActorCriticNetwork.VALUE_OUTPUT).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        BadInputException e = assertThrows(BadInputException.class, () -> ActorCriticOnnx.export(net,
                ObservationNormalizer.identity(), new Discrete(2), false, "CartPole-v1", "runs/r/model.zip"));
        assertTrue(e.getMessage().startsWith("runs/r/model.zip: expected a network of dense and LSTM layers the ONNX "
                + "export translates, found that LSTM layer 'lstm' has activation softsign"), e.getMessage());
    }

    @Test
    void aLayerTheTranslationDoesNotKnowIsRefusedNamingIt() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs(ActorCriticNetwork.INPUT)
                .addLayer("sigmoid", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.SIGMOID).build(),
                        ActorCriticNetwork.INPUT)
                .addLayer(ActorCriticNetwork.POLICY_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(8).nOut(2).activation(Activation.IDENTITY).build(), "sigmoid")
                .addLayer(ActorCriticNetwork.VALUE_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(8).nOut(1).activation(Activation.IDENTITY).build(), "sigmoid")
                .setOutputs(ActorCriticNetwork.POLICY_OUTPUT, ActorCriticNetwork.VALUE_OUTPUT).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        BadInputException e = assertThrows(BadInputException.class, () -> ActorCriticOnnx.export(net,
                ObservationNormalizer.identity(), new Discrete(2), false, "CartPole-v1", "runs/r/model.zip"));
        assertTrue(e.getMessage().contains("layer 'sigmoid' has activation sigmoid"), e.getMessage());
    }
}
