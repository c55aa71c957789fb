package org.sparkppo.model;

import java.util.Arrays;

/**
 * One DL4J {@code LSTM} layer (no peepholes) on plain arrays, one row and one time step at a time:
 * its parameters loaded from the network's flat vector, the step {@code (x_t, h_{t−1}, c_{t−1}) →
 * (h_t, c_t)}, and (for a trainable kernel) the back-propagation through time of one step into the
 * gradient summed over the rows (Hochreiter and Schmidhuber 1997; the no-peephole variant of Greff
 * et al. 2015, "LSTM: A Search Space Odyssey", eq. 1–6):
 *
 * <pre>
 *   z = x_t·W + h_{t−1}·RW + b                       W [nIn × 4H], RW [H × 4H], b [4H]
 *   a = tanh(z[0,H))   f = σ(z[H,2H))   o = σ(z[2H,3H))   g = σ(z[3H,4H))
 *   c_t = f ⊙ c_{t−1} + g ⊙ a                     h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * DL4J's {@code LSTMHelpers} lays the four blocks out in this order ({@code [block input, forget,
 * output, input gate]}), with the layer's activation (tanh here) on the block input and the cell and
 * the gate activation (sigmoid, {@code 1/(1+e^{−z})} as ND4J computes it) on the three gates. The
 * products are summed per unit in input order with fused multiply-adds from {@code +0}, {@code x·W}
 * and {@code h·RW} apart, then added and the bias added (DL4J's two {@code gemm} calls, the second
 * with {@code β = 1}). As in {@link DenseKernel}, every inner loop runs over the index its
 * accumulator and its operand share, so C2 vectorizes it.
 */
final class LstmKernel {
    final int nIn;
    final int hidden;
    private final int width;
    private final double[][] w;
    private final double[][] rw;
    private final double[] b;
    private final ActorCriticGraph.ParamView weightView;
    private final ActorCriticGraph.ParamView recurrentView;
    private final ActorCriticGraph.ParamView biasView;
    private final double[] fromInput;
    private final double[] fromState;
    /** Trainable kernels only (null otherwise): RW transposed, the gradient sums, ∂L/∂z of one step. */
    private final double[][] rwT;
    private final double[][] gradW;
    private final double[][] gradRW;
    private final double[] gradB;
    private final double[] dz;

    LstmKernel(ActorCriticGraph.Layer layer, boolean trainable) {
        this.nIn = layer.nIn;
        this.hidden = layer.nOut;
        this.width = 4 * hidden;
        this.w = new double[nIn][width];
        this.rw = new double[hidden][width];
        this.b = new double[width];
        this.weightView = layer.weight;
        this.recurrentView = layer.recurrentWeight;
        this.biasView = layer.bias;
        this.fromInput = new double[width];
        this.fromState = new double[width];
        this.rwT = trainable ? new double[width][hidden] : null;
        this.gradW = trainable ? new double[nIn][width] : null;
        this.gradRW = trainable ? new double[hidden][width] : null;
        this.gradB = trainable ? new double[width] : null;
        this.dz = trainable ? new double[width] : null;
    }

    void load(double[] flat) {
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < width; j++) {
                w[k][j] = flat[weightView.index(k, j)];
            }
        }
        for (int k = 0; k < hidden; k++) {
            for (int j = 0; j < width; j++) {
                rw[k][j] = flat[recurrentView.index(k, j)];
            }
        }
        for (int j = 0; j < width; j++) {
            b[j] = flat[biasView.index(0, j)];
        }
        if (rwT != null) {
            for (int k = 0; k < hidden; k++) {
                for (int j = 0; j < width; j++) {
                    rwT[j][k] = rw[k][j];
                }
            }
        }
    }

    /**
     * One time step. {@code hOut} may be {@code hPrev} and {@code cOut} may be {@code cPrev} (the
     * state advanced in place).
     *
     * @param gates  receives {@code [a, f, o, g]} ({@code 4H}), kept for {@link #backward}
     * @param cellTanh receives {@code tanh(c_t)} ({@code H}), kept for {@link #backward}
     */
    void step(double[] x, double[] hPrev, double[] cPrev, double[] gates, double[] cellTanh, double[] hOut,
              double[] cOut) {
        DenseKernel.product(x, w, nIn, width, fromInput);
        DenseKernel.product(hPrev, rw, hidden, width, fromState);
        for (int j = 0; j < width; j++) {
            gates[j] = fromInput[j] + fromState[j] + b[j];
        }
        int h = hidden;
        for (int j = 0; j < h; j++) {
            gates[j] = DenseKernel.tanh(gates[j]);
        }
        for (int j = h; j < width; j++) {
            gates[j] = sigmoid(gates[j]);
        }
        for (int j = 0; j < h; j++) {
            double c = gates[h + j] * cPrev[j] + gates[3 * h + j] * gates[j];
            cOut[j] = c;
            double tc = DenseKernel.tanh(c);
            cellTanh[j] = tc;
            hOut[j] = gates[2 * h + j] * tc;
        }
    }

    /**
     * Back-propagates one time step of one row (BPTT): from ∂L/∂h_t and ∂L/∂c_t (what step t+1
     * passed back) to ∂L/∂z, added to the gradient as {@code x ⊗ ∂L/∂z}, {@code h_{t−1} ⊗ ∂L/∂z}
     * and {@code ∂L/∂z}; then ∂L/∂h_{t−1} = RW·∂L/∂z and ∂L/∂c_{t−1} = f ⊙ ∂L/∂c_t for step t−1.
     * With {@code σ' = σ(1 − σ)} and {@code tanh' = 1 − tanh²}:
     * {@code ∂L/∂c_t += ∂L/∂h_t ⊙ o ⊙ (1 − tanh² c_t)}, {@code ∂L/∂z_o = ∂L/∂h_t ⊙ tanh c_t ⊙ o(1−o)},
     * {@code ∂L/∂z_f = ∂L/∂c_t ⊙ c_{t−1} ⊙ f(1−f)}, {@code ∂L/∂z_g = ∂L/∂c_t ⊙ a ⊙ g(1−g)},
     * {@code ∂L/∂z_a = ∂L/∂c_t ⊙ g ⊙ (1 − a²)}.
     *
     * @param gates    the step's {@code [a, f, o, g]} as {@link #step} wrote them
     * @param cellTanh the step's {@code tanh(c_t)}
     * @param dh       in: ∂L/∂h_t (from the layers above and from step t+1); out: ∂L/∂h_{t−1}
     * @param dc       in: ∂L/∂c_t from step t+1; out: ∂L/∂c_{t−1}
     */
    void backward(double[] x, double[] hPrev, double[] cPrev, double[] gates, double[] cellTanh, double[] dh,
                  double[] dc) {
        int h = hidden;
        for (int j = 0; j < h; j++) {
            double a = gates[j];
            double f = gates[h + j];
            double o = gates[2 * h + j];
            double g = gates[3 * h + j];
            double tc = cellTanh[j];
            double dcj = dc[j] + dh[j] * o * (1 - tc * tc);
            dz[2 * h + j] = dh[j] * tc * o * (1 - o);
            dz[h + j] = dcj * cPrev[j] * f * (1 - f);
            dz[3 * h + j] = dcj * a * g * (1 - g);
            dz[j] = dcj * g * (1 - a * a);
            dc[j] = dcj * f;
        }
        for (int k = 0; k < nIn; k++) {
            double xk = x[k];
            double[] gk = gradW[k];
            for (int j = 0; j < width; j++) {
                gk[j] = Math.fma(xk, dz[j], gk[j]);
            }
        }
        for (int k = 0; k < h; k++) {
            double hk = hPrev[k];
            double[] gk = gradRW[k];
            for (int j = 0; j < width; j++) {
                gk[j] = Math.fma(hk, dz[j], gk[j]);
            }
        }
        for (int j = 0; j < width; j++) {
            gradB[j] += dz[j];
        }
        Arrays.fill(dh, 0, h, 0.0);
        for (int j = 0; j < width; j++) {
            double d = dz[j];
            double[] rj = rwT[j];
            for (int k = 0; k < h; k++) {
                dh[k] = Math.fma(rj[k], d, dh[k]);
            }
        }
    }

    void clearGradient() {
        for (double[] row : gradW) {
            Arrays.fill(row, 0.0);
        }
        for (double[] row : gradRW) {
            Arrays.fill(row, 0.0);
        }
        Arrays.fill(gradB, 0.0);
    }

    /** Writes the gradient sums into {@code flat}, laid out as the network's parameters. */
    void writeGradient(double[] flat) {
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < width; j++) {
                flat[weightView.index(k, j)] = gradW[k][j];
            }
        }
        for (int k = 0; k < hidden; k++) {
            for (int j = 0; j < width; j++) {
                flat[recurrentView.index(k, j)] = gradRW[k][j];
            }
        }
        for (int j = 0; j < width; j++) {
            flat[biasView.index(0, j)] = gradB[j];
        }
    }

    /** ND4J's sigmoid, {@code 1 / (1 + e^{−z})}. */
    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
