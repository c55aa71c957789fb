package org.sparkppo.model;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.loss.Evaluation;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.loss.PerExampleLoss;

/**
 * Back-propagation of the PPO losses through the {@link ActorCriticNetwork} in plain Java: the
 * gradient DL4J's {@code computeGradientAndScore} computes (summed over the minibatch's examples, in
 * the layout of {@code net.params()}) and its score (the mean loss of both heads), without DL4J.
 *
 * <p>Why: DL4J spends about 70% of a 64-sample back-propagation of this network in per-op machinery
 * (65 native ops, each crossing JNI and allocating), so the update, not the arithmetic, was each
 * iteration's floor. Here the minibatch runs row by row through the network's {@link DenseKernel}s,
 * which keep every row's activations; the losses' own per-example evaluation
 * ({@link PerExampleLoss#evaluate(double[], int, double[], int, int, double[])}, the same code DL4J
 * calls) gives ∂L/∂output; then each row is propagated back, output layers first, adding
 * {@code x ⊗ ∂L/∂z} to each layer's gradient (the chain rule of Rumelhart et al. 1986; a shared
 * trunk receives both heads' terms). The rows are added in order, so the result is a pure function
 * of the parameters and the minibatch: the same on every JVM and CPU, since Java's double arithmetic
 * (fused multiply-adds included) is IEEE 754's, exactly rounded.
 *
 * <p>A recurrent network's minibatch is whole sequences ({@link Minibatch.Sequences}): the forward
 * pass carries each LSTM layer's state from row to row inside a sequence (from the stored state at
 * its start, from zero at an episode's start), and the rows are propagated back from last to first,
 * each LSTM step passing ∂L/∂h and ∂L/∂c to the step before it (back-propagation through time,
 * Werbos 1990), never across a sequence's start or an episode's start.
 *
 * <p>The forward pass is {@link ActorCriticForward}'s arithmetic, so the distribution parameters it
 * computes for a minibatch at the rollout's parameters equal the rollout's bit for bit, and the
 * first minibatch's probability ratio is exactly 1. Against DL4J's gradient: equal to about
 * {@code 1e-14} relative ({@code ActorCriticGradientTest}), the difference being the order in which
 * BLAS sums. Not thread-safe: one instance per task.
 */
public final class ActorCriticGradient {
    private final ActorCriticGraph graph;
    private final PerExampleLoss policyLoss;
    private final PerExampleLoss valueLoss;
    /** Per layer: its dense kernel, or null where the layer is an LSTM. */
    private final DenseKernel[] kernels;
    /** Per layer: its LSTM kernel, or null where the layer is dense. */
    private final LstmKernel[] lstms;
    private final int maxRows;
    private final int paramWidth;
    /** Per row: the observation, the scaled observations, every layer's output. */
    private final double[][] observations;
    private final double[][][] scaled;
    private final double[][][] outputs;
    /** Per LSTM layer and row: the state before the row's step, its gates, its cell and tanh of the cell. */
    private final double[][][] previousOutputs;
    private final double[][][] previousCells;
    private final double[][][] gates;
    private final double[][][] cells;
    private final double[][][] cellTanh;
    /** Per LSTM layer: ∂L/∂h and ∂L/∂c passed back from the step after the row being propagated back. */
    private final double[][] stateGradients;
    private final double[][] cellGradients;
    /** ∂L/∂output of every layer for the row being propagated back. */
    private final double[][] outputGradients;
    private final double[] distributionParams;
    private final double[] values;

    private ActorCriticGradient(ActorCriticGraph graph, int maxRows) {
        this.graph = graph;
        this.policyLoss = graph.policyLoss;
        this.valueLoss = graph.valueLoss;
        this.maxRows = maxRows;
        this.paramWidth = graph.paramWidth();
        int layers = graph.layers.length;
        this.kernels = new DenseKernel[layers];
        this.lstms = new LstmKernel[layers];
        this.outputs = new double[layers][][];
        this.outputGradients = new double[layers][];
        this.previousOutputs = new double[layers][][];
        this.previousCells = new double[layers][][];
        this.gates = new double[layers][][];
        this.cells = new double[layers][][];
        this.cellTanh = new double[layers][][];
        this.stateGradients = new double[layers][];
        this.cellGradients = new double[layers][];
        for (int l = 0; l < layers; l++) {
            ActorCriticGraph.Layer layer = graph.layers[l];
            int n = layer.nOut;
            if (layer.recurrent()) {
                lstms[l] = new LstmKernel(layer, true);
                previousOutputs[l] = new double[maxRows][n];
                previousCells[l] = new double[maxRows][n];
                gates[l] = new double[maxRows][4 * n];
                cells[l] = new double[maxRows][n];
                cellTanh[l] = new double[maxRows][n];
                stateGradients[l] = new double[n];
                cellGradients[l] = new double[n];
            } else {
                kernels[l] = new DenseKernel(layer, true);
            }
            outputs[l] = new double[maxRows][n];
            outputGradients[l] = new double[n];
        }
        this.observations = new double[maxRows][graph.observationDim];
        this.scaled = new double[graph.scales.length][maxRows][graph.observationDim];
        this.distributionParams = new double[maxRows * paramWidth];
        this.values = new double[maxRows];
    }

    /**
     * The gradient of {@code net}'s architecture and losses for minibatches of up to {@code maxRows}
     * examples, loaded with {@code net}'s current parameters.
     *
     * @throws IllegalArgumentException when the network is not double precision, has a vertex this
     *                                  gradient does not compute, or other losses than the PPO ones
     */
    public static ActorCriticGradient of(ComputationGraph net, int maxRows) {
        ActorCriticGradient gradient = of(ActorCriticGraph.of(net), maxRows);
        gradient.load(FlatArrays.rowMajor(net.params()));
        return gradient;
    }

    /** The gradient of {@code graph}'s architecture and losses, with all parameters 0 until {@link #load}. */
    public static ActorCriticGradient of(ActorCriticGraph graph, int maxRows) {
        return new ActorCriticGradient(graph, maxRows);
    }

    /** Takes new parameters, laid out as {@code net.params()}. */
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
     * Forward pass, losses and back-propagation of one minibatch at the loaded parameters.
     *
     * @param gradientOut receives the gradient summed over the rows, laid out as {@code net.params()}
     * @return the minibatch's mean loss, both heads (DL4J's score)
     * @throws IllegalArgumentException when the network is recurrent and the minibatch has no sequences
     */
    public double compute(Minibatch minibatch, double[] gradientOut) {
        int rows = minibatch.rows();
        if (rows > maxRows) {
            throw new IllegalArgumentException("minibatch of " + rows + " rows, but this gradient holds at most "
                    + maxRows);
        }
        Minibatch.Sequences sequences = minibatch.sequences();
        if (graph.recurrent() && (sequences == null || rows % sequences.length() != 0)) {
            throw new IllegalArgumentException("a recurrent network trains on whole sequences, but the minibatch of "
                    + rows + " rows has " + (sequences == null ? "none" : "sequences of " + sequences.length()));
        }
        for (int row = 0; row < rows; row++) {
            forward(minibatch.features(), row, sequences);
        }
        Evaluation policy = policyLoss.evaluate(minibatch.policyLabels(), minibatch.policyLabelWidth(),
                distributionParams, paramWidth, rows, null);
        Evaluation value = valueLoss.evaluate(minibatch.valueLabels(), 2, values, 1, rows, null);
        for (int l = 0; l < kernels.length; l++) {
            if (lstms[l] != null) {
                lstms[l].clearGradient();
                Arrays.fill(stateGradients[l], 0.0);
                Arrays.fill(cellGradients[l], 0.0);
            } else {
                kernels[l].clearGradient();
            }
        }
        if (graph.recurrent()) {
            // Back-propagation through time: each sequence from its last step to its first.
            for (int row = rows - 1; row >= 0; row--) {
                backward(row, policy.outputGradient(), value.outputGradient()[row], sequences);
            }
        } else {
            for (int row = 0; row < rows; row++) {
                backward(row, policy.outputGradient(), value.outputGradient()[row], null);
            }
        }
        Arrays.fill(gradientOut, 0.0);
        for (int l = 0; l < kernels.length; l++) {
            if (lstms[l] != null) {
                lstms[l].writeGradient(gradientOut);
            } else {
                kernels[l].writeGradient(gradientOut);
            }
        }
        return policy.score(true) + value.score(true);
    }

    /** The distribution parameters the last {@link #compute} saw, {@code [rows × paramWidth]}: π_θ before its step. */
    public double[] distributionParams() {
        return distributionParams;
    }

    /** The values V_θ(s) the last {@link #compute} saw. */
    public double[] values() {
        return values;
    }

    private void forward(double[] features, int row, Minibatch.Sequences sequences) {
        int d = graph.observationDim;
        double[] observation = observations[row];
        System.arraycopy(features, row * d, observation, 0, d);
        for (int s = 0; s < scaled.length; s++) {
            for (int k = 0; k < d; k++) {
                scaled[s][row][k] = observation[k] * graph.scales[s];
            }
        }
        for (int l = 0; l < kernels.length; l++) {
            if (lstms[l] != null) {
                lstmForward(l, row, sequences);
            } else {
                kernels[l].forward(input(l, row), outputs[l][row]);
            }
        }
        int offset = row * paramWidth;
        for (int part : graph.policyParts) {
            System.arraycopy(outputs[part][row], 0, distributionParams, offset, graph.layers[part].nOut);
            offset += graph.layers[part].nOut;
        }
        values[row] = outputs[graph.value][row][0];
    }

    /** The state before the row's step (the stored one, zero, or the previous row's), then the step. */
    private void lstmForward(int l, int row, Minibatch.Sequences sequences) {
        int h = lstms[l].hidden;
        double[] hPrev = previousOutputs[l][row];
        double[] cPrev = previousCells[l][row];
        if (sequences.episodeStarts()[row]) {
            Arrays.fill(hPrev, 0.0);
            Arrays.fill(cPrev, 0.0);
        } else if (row % sequences.length() == 0) {
            int at = row / sequences.length() * graph.stateWidth + graph.layers[l].stateOffset;
            System.arraycopy(sequences.initialStates(), at, hPrev, 0, h);
            System.arraycopy(sequences.initialStates(), at + h, cPrev, 0, h);
        } else {
            System.arraycopy(outputs[l][row - 1], 0, hPrev, 0, h);
            System.arraycopy(cells[l][row - 1], 0, cPrev, 0, h);
        }
        lstms[l].step(observations[row], hPrev, cPrev, gates[l][row], cellTanh[l][row], outputs[l][row],
                cells[l][row]);
    }

    private void backward(int row, double[] policyGradient, double valueGradient, Minibatch.Sequences sequences) {
        for (double[] g : outputGradients) {
            Arrays.fill(g, 0.0);
        }
        int offset = row * paramWidth;
        for (int part : graph.policyParts) {
            System.arraycopy(policyGradient, offset, outputGradients[part], 0, graph.layers[part].nOut);
            offset += graph.layers[part].nOut;
        }
        outputGradients[graph.value][0] += valueGradient;
        for (int l = kernels.length - 1; l >= 0; l--) {
            if (lstms[l] != null) {
                lstmBackward(l, row, sequences);
                continue;
            }
            int source = graph.layers[l].source;
            kernels[l].backward(input(l, row), outputs[l][row], outputGradients[l],
                    source >= 0 ? outputGradients[source] : null);
        }
    }

    /**
     * One step back through LSTM layer {@code l}; nothing flows into a state the step did not compute
     * (the stored state at a sequence's start, zero at an episode's start).
     */
    private void lstmBackward(int l, int row, Minibatch.Sequences sequences) {
        double[] dh = stateGradients[l];
        double[] external = outputGradients[l];
        for (int j = 0; j < dh.length; j++) {
            dh[j] += external[j];
        }
        lstms[l].backward(observations[row], previousOutputs[l][row], previousCells[l][row], gates[l][row],
                cellTanh[l][row], dh, cellGradients[l]);
        if (row % sequences.length() == 0 || sequences.episodeStarts()[row]) {
            Arrays.fill(dh, 0.0);
            Arrays.fill(cellGradients[l], 0.0);
        }
    }

    private double[] input(int layer, int row) {
        int source = graph.layers[layer].source;
        return source >= 0 ? outputs[source][row]
                : source == ActorCriticGraph.OBSERVATION ? observations[row] : scaled[-2 - source][row];
    }
}
