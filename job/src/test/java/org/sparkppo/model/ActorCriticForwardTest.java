package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.Space;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.TrainingDataLayout;

/**
 * {@link ActorCriticForward} against DL4J's own {@code output(false, obs)} on real observations,
 * with parameters moved away from their initial values (the log-std layer's weights included).
 * The forward sums each unit's products in DL4J's order, but its tanh is not ND4J's and the
 * one-unit value head goes through another BLAS kernel in DL4J, so outputs agree to rounding
 * ({@value #TOLERANCE}; at most 3.6e-15 was measured), except the Gaussian log-std, which is exactly the bias.
 */
class ActorCriticForwardTest {
    private static final double TOLERANCE = 1e-13;
    private static final int[] COUNTS = {1, 2, 3, 8, 64, 256};

    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}")
    @MethodSource("org.sparkppo.model.TestNetworks#variants")
    void matchesDl4jOnRealObservationsWithMovedParameters(String envId, boolean sharedTrunk, String activation) {
        ComputationGraph net = TestNetworks.create(envId, sharedTrunk, activation);
        ActorCriticForward forward = ActorCriticForward.of(net);
        double[] moved = net.params().toDoubleVector();
        SplitMix64 rng = new SplitMix64(7);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.2 * rng.nextGaussian();
        }
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
        forward.load(moved);

        Space actions = EnvRegistry.load().spec(envId).actionSpace();
        int width = actions instanceof Discrete d ? d.n() : 2 * actions.flatDim();
        assertEquals(width, forward.paramWidth());
        float[] observations = TestNetworks.realObservations(envId, 256);
        for (int count : COUNTS) {
            INDArray[] expected = net.output(false,
                    TrainingDataLayout.observationBlock(observations, count, forward.observationDim()));
            double[] params = new double[count * width];
            double[] values = new double[count];
            forward.forward(observations, count, params, values);
            assertArrayEquals(expected[0].reshape(count * width).toDoubleVector(), params, TOLERANCE, "count " + count);
            assertArrayEquals(expected[1].reshape(count).toDoubleVector(), values, TOLERANCE, "count " + count);
            if (actions instanceof Box) {
                double[] logStd = net.getParam(ActorCriticNetwork.LOG_STD + "_b").toDoubleVector();
                for (int r = 0; r < count; r++) {
                    for (int j = 0; j < logStd.length; j++) {
                        assertEquals(logStd[j], params[r * width + logStd.length + j], 0.0);
                    }
                }
            }
        }
    }

    @Test
    void nonFiniteObservationsGiveDl4jsNaNs() {
        ComputationGraph net = TestNetworks.create("Pendulum-v1", false);
        ActorCriticForward forward = ActorCriticForward.of(net);
        float[] observations = {Float.NaN, 0.5f, 0.1f, Float.POSITIVE_INFINITY, 0.2f, -1f,
                0.3f, Float.NEGATIVE_INFINITY, 2f, -0.0f, 0.0f, -0.0f};
        INDArray[] expected = net.output(false, TrainingDataLayout.observationBlock(observations, 4, 3));
        double[] params = new double[8];
        double[] values = new double[4];
        forward.forward(observations, 4, params, values);
        assertArrayEquals(expected[0].reshape(8).toDoubleVector(), params, TOLERANCE);
        assertArrayEquals(expected[1].reshape(4).toDoubleVector(), values, TOLERANCE);
        assertTrue(Double.isNaN(params[1]), "obs × 0 is NaN for a non-finite observation, so is log σ");
    }

    /** The layout {@link ActorCriticForward} and {@link AdamStep} read from DL4J, spelled out. */
    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}")
    @MethodSource("org.sparkppo.model.TestNetworks#variants")
    void flatParametersAreLayersInTopologicalOrderEachColumnMajorWThenB(String envId, boolean sharedTrunk,
                                                                       String activation) {
        ComputationGraph net = TestNetworks.create(envId, sharedTrunk, activation);
        double[] index = new double[(int) net.numParams()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        net.setParams(Nd4j.create(index, new long[] {1, index.length}, DataType.DOUBLE));
        int offset = 0;
        for (int v : net.topologicalSortOrder()) {
            GraphVertex vertex = net.getVertices()[v];
            if (!vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            double[][] w = net.getParam(vertex.getVertexName() + "_W").toDoubleMatrix();
            int nIn = w.length;
            int nOut = w[0].length;
            for (int k = 0; k < nIn; k++) {
                for (int j = 0; j < nOut; j++) {
                    assertEquals(offset + k + j * nIn, w[k][j], 0.0, vertex.getVertexName() + " W");
                }
            }
            double[] b = net.getParam(vertex.getVertexName() + "_b").toDoubleVector();
            for (int j = 0; j < nOut; j++) {
                assertEquals(offset + nIn * nOut + j, b[j], 0.0, vertex.getVertexName() + " b");
            }
            offset += nIn * nOut + nOut;
        }
        assertEquals(index.length, offset);
    }


}
