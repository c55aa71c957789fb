package org.sparkppo.model;

import java.util.Arrays;

/**
 * One dense layer {@code a = φ(x·W + b)} ({@code φ} tanh, ReLU or identity) on plain arrays, for one row at a
 * time: its parameters loaded from the network's flat vector, the forward computation, and (for a
 * trainable kernel) the back-propagation of one row into the gradient summed over the rows.
 *
 * <p>The forward pass computes in DL4J's order: for every output unit the products are accumulated
 * over the inputs in ascending order with fused multiply-adds from {@code +0}, then the bias is added,
 * then the activation applied (see {@link ActorCriticForward} for how close that is to DL4J's). W is
 * kept as one array per input ({@code w[k][j]}), and for back-propagation also transposed
 * ({@code wT[j][k]}): C2 vectorizes a loop over one array index only when the arrays it reads and
 * writes are indexed alike (it cannot rule out that two arrays are one), so every inner loop here
 * runs over the index its accumulator and its operand share: output units for {@code x·W} and
 * {@code ∂L/∂W}, input units for {@code ∂L/∂x = W·∂L/∂z}.
 */
final class DenseKernel {
    final int nIn;
    final int nOut;
    private final ActorCriticGraph.Activation activation;
    private final double[][] w;
    private final double[] b;
    private final ActorCriticGraph.ParamView weightView;
    private final ActorCriticGraph.ParamView biasView;
    /** Trainable kernels only (null otherwise): W transposed, and the gradient sums. */
    private final double[][] wT;
    private final double[][] gradW;
    private final double[] gradB;

    DenseKernel(ActorCriticGraph.Layer layer, boolean trainable) {
        this.nIn = layer.nIn;
        this.nOut = layer.nOut;
        this.activation = layer.activation;
        this.w = new double[nIn][nOut];
        this.b = layer.bias == null ? null : new double[nOut];
        this.weightView = layer.weight;
        this.biasView = layer.bias;
        this.wT = trainable ? new double[nOut][nIn] : null;
        this.gradW = trainable ? new double[nIn][nOut] : null;
        this.gradB = trainable && b != null ? new double[nOut] : null;
    }

    void load(double[] flat) {
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < nOut; j++) {
                w[k][j] = flat[weightView.index(k, j)];
            }
        }
        if (b != null) {
            for (int j = 0; j < nOut; j++) {
                b[j] = flat[biasView.index(0, j)];
            }
        }
        if (wT != null) {
            for (int k = 0; k < nIn; k++) {
                for (int j = 0; j < nOut; j++) {
                    wT[j][k] = w[k][j];
                }
            }
        }
    }

    /**
     * {@code out[0 .. width) = Σ_k in[k]·m[k][0 .. width)} over {@code k < rows}: four inputs per pass over
     * the accumulators, each unit still summing in input order from +0 with fused multiply-adds (so
     * dense and LSTM layers sum their products alike, as the rollout's and training's passes must).
     */
    static void product(double[] in, double[][] m, int rows, int width, double[] out) {
        Arrays.fill(out, 0, width, 0.0);
        int k = 0;
        for (; k + 4 <= rows; k += 4) {
            double x0 = in[k];
            double x1 = in[k + 1];
            double x2 = in[k + 2];
            double x3 = in[k + 3];
            double[] m0 = m[k];
            double[] m1 = m[k + 1];
            double[] m2 = m[k + 2];
            double[] m3 = m[k + 3];
            for (int j = 0; j < width; j++) {
                out[j] = Math.fma(x3, m3[j], Math.fma(x2, m2[j], Math.fma(x1, m1[j], Math.fma(x0, m0[j], out[j]))));
            }
        }
        for (; k < rows; k++) {
            double x = in[k];
            double[] mk = m[k];
            for (int j = 0; j < width; j++) {
                out[j] = Math.fma(x, mk[j], out[j]);
            }
        }
    }

    /** {@code out = φ(in·W + b)}; four inputs per pass over the accumulators, each unit still summing in input order. */
    void forward(double[] in, double[] out) {
        product(in, w, nIn, nOut, out);
        for (int j = 0; j < nOut; j++) {
            double z = b == null ? out[j] : out[j] + b[j];
            out[j] = switch (activation) {
                case TANH -> tanh(z);
                case RELU -> Math.max(0, z);
                case IDENTITY -> z;
            };
        }
    }

    /**
     * Back-propagates one row: turns {@code dOut} (∂L/∂a of this row) into ∂L/∂z in place, with
     * {@code ∂tanh(z)/∂z = 1 − a²} or {@code ∂relu(z)/∂z = [a > 0]}; adds {@code in ⊗ ∂L/∂z} to the
     * weight gradient and ∂L/∂z to the bias gradient; and, when {@code dIn} is not null, adds
     * {@code W·∂L/∂z} to it.
     *
     * @param in  the row's input to this layer
     * @param out the row's output of this layer, as {@link #forward} computed it
     */
    void backward(double[] in, double[] out, double[] dOut, double[] dIn) {
        if (activation == ActorCriticGraph.Activation.TANH) {
            for (int j = 0; j < nOut; j++) {
                dOut[j] = dOut[j] * (1 - out[j] * out[j]);
            }
        } else if (activation == ActorCriticGraph.Activation.RELU) {
            for (int j = 0; j < nOut; j++) {
                dOut[j] = out[j] > 0 ? dOut[j] : 0;
            }
        }
        for (int k = 0; k < nIn; k++) {
            double x = in[k];
            double[] gk = gradW[k];
            for (int j = 0; j < nOut; j++) {
                gk[j] = Math.fma(x, dOut[j], gk[j]);
            }
        }
        if (gradB != null) {
            for (int j = 0; j < nOut; j++) {
                gradB[j] += dOut[j];
            }
        }
        if (dIn != null) {
            for (int j = 0; j < nOut; j++) {
                double dz = dOut[j];
                double[] wj = wT[j];
                for (int k = 0; k < nIn; k++) {
                    dIn[k] = Math.fma(wj[k], dz, dIn[k]);
                }
            }
        }
    }

    void clearGradient() {
        for (double[] row : gradW) {
            Arrays.fill(row, 0.0);
        }
        if (gradB != null) {
            Arrays.fill(gradB, 0.0);
        }
    }

    /** Writes the gradient sums into {@code flat}, laid out as the network's parameters. */
    void writeGradient(double[] flat) {
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < nOut; j++) {
                flat[weightView.index(k, j)] = gradW[k][j];
            }
        }
        if (gradB != null) {
            for (int j = 0; j < nOut; j++) {
                flat[biasView.index(0, j)] = gradB[j];
            }
        }
    }

    /**
     * {@code tanh x = sign(x) · (1 − e^{−2|x|}) / (1 + e^{−2|x|})}: one {@link Math#exp} (an
     * intrinsic) instead of {@link Math#tanh} (a native fdlibm call, about four times slower). The
     * exponent is never positive, so nothing overflows and large arguments give exactly ±1. Its
     * absolute error is about one ulp of 1, like ND4J's tanh, with which it agrees bitwise on
     * about nine arguments in ten and otherwise by at most {@code 2.2e-16}; {@code −0} gives
     * {@code +0} and NaN gives NaN, as in ND4J.
     */
    static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        double t = (1 - e) / (1 + e);
        return x < 0 ? -t : t;
    }
}
