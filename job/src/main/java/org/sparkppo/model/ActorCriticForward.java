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
 * <p>A recurrent network ({@link LstmKernel} layers on the observation) computes each row from its
 * environment's slot of a {@link RecurrentState}: {@link #step} advances the state, {@link #peek}
 * reads it (for the value of a final observation).
 *
 * <p>The parameters come from the network's own flat vector ({@code net.params()}): layers in the
 * graph's topological order, each as {@code W} ({@code [nIn, nOut]}, column-major) then {@code b}.
 * {@link #load(double[])} copies them into per-input weight rows for the inner loop, so a new
 * iteration's parameters cost one pass over the vector. Not thread-safe: one instance per thread.
 */
public final class ActorCriticForward {
    private final ActorCriticGraph graph;
    /** Per layer: its dense kernel, or null where the layer is an LSTM. */
    private final DenseKernel[] kernels;
    /** Per layer: its LSTM kernel, or null where the layer is dense. */
    private final LstmKernel[] lstms;
    private final double[] observation;
    private final double[][] scaled;
    private final double[][] outputs;
    /** Per LSTM layer: the cell state, the gates and tanh of the cell of the step being computed. */
    private final double[][] cells;
    private final double[][] gates;
    private final double[][] cellTanh;
    private final int paramWidth;

    private ActorCriticForward(ActorCriticGraph graph) {
        this.graph = graph;
        int layers = graph.layers.length;
        this.kernels = new DenseKernel[layers];
        this.lstms = new LstmKernel[layers];
        this.outputs = new double[layers][];
        this.cells = new double[layers][];
        this.gates = new double[layers][];
        this.cellTanh = new double[layers][];
        for (int l = 0; l < layers; l++) {
            ActorCriticGraph.Layer layer = graph.layers[l];
            if (layer.recurrent()) {
                lstms[l] = new LstmKernel(layer, false);
                cells[l] = new double[layer.nOut];
                gates[l] = new double[4 * layer.nOut];
                cellTanh[l] = new double[layer.nOut];
            } else {
                kernels[l] = new DenseKernel(layer, false);
            }
            outputs[l] = new double[layer.nOut];
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
        for (int l = 0; l < kernels.length; l++) {
            if (lstms[l] != null) {
                lstms[l].load(flatParams);
            } else {
                kernels[l].load(flatParams);
            }
        }
    }

    /**
     * The action distribution's parameters and the value of each observation, for a feed-forward network.
     *
     * @param observations          {@code [count × observationDim]}, row-major
     * @param distributionParamsOut receives {@code [count × paramWidth]}, row-major
     * @param valuesOut             receives {@code [count]}
     * @throws IllegalStateException when the network is recurrent (its rows need their state: {@link #step})
     */
    public void forward(float[] observations, int count, double[] distributionParamsOut, double[] valuesOut) {
        if (graph.recurrent()) {
            throw new IllegalStateException("a recurrent network computes an observation from its environment's state");
        }
        for (int row = 0; row < count; row++) {
            row(observations, row, null, 0, false, distributionParamsOut, valuesOut);
        }
    }

    /**
     * One time step of a recurrent (or feed-forward) network for {@code count} environments: row
     * {@code i} is slot {@code i} of {@code state}, whose state advances to the one after this
     * observation. The same arithmetic as training's {@link ActorCriticGradient}.
     */
    public void step(float[] observations, int count, RecurrentState state, double[] distributionParamsOut,
                     double[] valuesOut) {
        for (int row = 0; row < count; row++) {
            row(observations, row, state, row, true, distributionParamsOut, valuesOut);
        }
    }

    /**
     * As {@link #step}, row {@code r} from slot {@code slots[r]}'s state, leaving the state as it is:
     * the value of a final or next observation.
     */
    public void peek(float[] observations, int count, RecurrentState state, int[] slots,
                     double[] distributionParamsOut, double[] valuesOut) {
        for (int row = 0; row < count; row++) {
            row(observations, row, state, slots[row], false, distributionParamsOut, valuesOut);
        }
    }

    private void row(float[] observations, int row, RecurrentState state, int slot, boolean advance,
                     double[] distributionParamsOut, double[] valuesOut) {
        int d = graph.observationDim;
        for (int k = 0; k < d; k++) {
            observation[k] = observations[row * d + k];
        }
        for (int s = 0; s < scaled.length; s++) {
            for (int k = 0; k < d; k++) {
                scaled[s][k] = observation[k] * graph.scales[s];
            }
        }
        for (int l = 0; l < kernels.length; l++) {
            if (lstms[l] != null) {
                lstmStep(l, state, slot, advance);
            } else {
                kernels[l].forward(input(l), outputs[l]);
            }
        }
        int offset = row * paramWidth;
        for (int part : graph.policyParts) {
            System.arraycopy(outputs[part], 0, distributionParamsOut, offset, graph.layers[part].nOut);
            offset += graph.layers[part].nOut;
        }
        valuesOut[row] = outputs[graph.value][0];
    }

    /** LSTM layer {@code l} from the state of {@code slot}: {@code [h, c]} at the layer's offset. */
    private void lstmStep(int l, RecurrentState state, int slot, boolean advance) {
        int h = lstms[l].hidden;
        int at = slot * state.width() + graph.layers[l].stateOffset;
        double[] values = state.values();
        System.arraycopy(values, at, outputs[l], 0, h);
        System.arraycopy(values, at + h, cells[l], 0, h);
        lstms[l].step(observation, outputs[l], cells[l], gates[l], cellTanh[l], outputs[l], cells[l]);
        if (advance) {
            System.arraycopy(outputs[l], 0, values, at, h);
            System.arraycopy(cells[l], 0, values, at + h, h);
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

    /** The architecture this forward computes. */
    public ActorCriticGraph graph() {
        return graph;
    }
}
