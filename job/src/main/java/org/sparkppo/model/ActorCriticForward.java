package org.sparkppo.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.loss.FlatArrays;

/**
 * The {@link ActorCriticNetwork}'s inference, {@code net.output(false, obs)}, in plain Java on
 * preallocated arrays, allocating nothing per call: for the rollout's few observations per step,
 * where DL4J's fixed cost per call dominates, tens of times faster than DL4J, and still a few times
 * faster at 256 observations ({@code org.sparkppo.bench.RolloutInferenceBenchmark}).
 *
 * <p>The graph is read once ({@link ActorCriticGraph}); a layer both heads use (the shared trunk) is
 * computed once. Each layer is a {@link DenseKernel}, the same arithmetic as training's
 * {@link ActorCriticGradient}, so the rollout's log-probabilities are recomputed bit for bit by the
 * first minibatch. Against DL4J: the products are summed in the order in which OpenBLAS 0.3.19's
 * {@code dgemm} sums for these shapes (measured on the project's AVX-512 AMD EPYC machines), so
 * pre-activations of layers with two or more units are bitwise DL4J's; single-unit layers (the value
 * head) go through {@code dgemv}, whose four-lane partial sums may round differently in the last
 * bit, and the tanh differs from ND4J's in the last bit on about one argument in ten. On the
 * project's networks the outputs agree with DL4J's to about {@code 1e-15} (see
 * {@code ActorCriticForwardTest}). The log-std layer's input {@code obs × 0} is computed, not
 * assumed: for finite observations its outputs are exactly the bias, for non-finite ones NaN, as in
 * DL4J.
 *
 * <p>The parameters come from the network's own flat vector ({@code net.params()}): layers in the
 * graph's topological order, each as {@code W} ({@code [nIn, nOut]}, column-major) then {@code b}.
 * {@link #load(double[])} copies them into per-input weight rows for the inner loop, so a new
 * iteration's parameters cost one pass over the vector. Not thread-safe: one instance per thread.
 */
public final class ActorCriticForward {
    private final ActorCriticGraph graph;
    private final DenseKernel[] kernels;
    private final double[] observation;
    private final double[][] scaled;
    private final double[][] outputs;
    private final int paramWidth;

    private ActorCriticForward(ActorCriticGraph graph) {
        this.graph = graph;
        this.kernels = new DenseKernel[graph.layers.length];
        this.outputs = new double[kernels.length][];
        for (int l = 0; l < kernels.length; l++) {
            kernels[l] = new DenseKernel(graph.layers[l], false);
            outputs[l] = new double[kernels[l].nOut];
        }
        this.observation = new double[graph.observationDim];
        this.scaled = new double[graph.scales.length][graph.observationDim];
        this.paramWidth = graph.paramWidth();
    }

    /**
     * The forward pass of {@code net}'s architecture, loaded with {@code net}'s current parameters.
     *
     * @throws IllegalArgumentException when the network is not double precision or has a vertex
     *                                  this forward does not compute
     */
    public static ActorCriticForward of(ComputationGraph net) {
        ActorCriticForward forward = of(ActorCriticGraph.of(net));
        forward.load(FlatArrays.rowMajor(net.params()));
        return forward;
    }

    /** The forward pass of {@code graph}'s architecture, with all parameters 0 until {@link #load}. */
    public static ActorCriticForward of(ActorCriticGraph graph) {
        return new ActorCriticForward(graph);
    }

    /** Takes new parameters, laid out as {@code net.params()} of the network this forward was built from. */
    public void load(double[] flatParams) {
        if (flatParams.length != graph.numParams) {
            throw new IllegalArgumentException("expected " + graph.numParams + " parameters, but got "
                    + flatParams.length);
        }
        for (DenseKernel kernel : kernels) {
            kernel.load(flatParams);
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
        int d = graph.observationDim;
        for (int row = 0; row < count; row++) {
            for (int k = 0; k < d; k++) {
                observation[k] = observations[row * d + k];
            }
            for (int s = 0; s < scaled.length; s++) {
                for (int k = 0; k < d; k++) {
                    scaled[s][k] = observation[k] * graph.scales[s];
                }
            }
            for (int l = 0; l < kernels.length; l++) {
                kernels[l].forward(input(l), outputs[l]);
            }
            int offset = row * paramWidth;
            for (int part : graph.policyParts) {
                System.arraycopy(outputs[part], 0, distributionParamsOut, offset, kernels[part].nOut);
                offset += kernels[part].nOut;
            }
            valuesOut[row] = outputs[graph.value][0];
        }
    }

    private double[] input(int layer) {
        int source = graph.layers[layer].source;
        return source >= 0 ? outputs[source] : source == ActorCriticGraph.OBSERVATION ? observation : scaled[-2 - source];
    }

    public int observationDim() {
        return graph.observationDim;
    }

    /** Width of one row of distribution parameters: the policy output's size. */
    public int paramWidth() {
        return paramWidth;
    }
}
