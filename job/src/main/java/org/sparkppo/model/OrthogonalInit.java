package org.sparkppo.model;

import org.sparkppo.seed.SplitMix64;

/**
 * Orthogonal weight initialization (Saxe et al. 2014), as PyTorch's {@code nn.init.orthogonal_}
 * that CleanRL and SB3 use for PPO: the Q factor of the QR decomposition of a standard-normal
 * matrix, sign-corrected so R has a positive diagonal, times a gain. Computed by modified
 * Gram-Schmidt on the columns of the tall orientation, which yields exactly that Q.
 */
public final class OrthogonalInit {

    private OrthogonalInit() {
    }

    /**
     * A {@code [fanIn][fanOut]} weight matrix (DL4J's dense-layer layout) whose rows or columns,
     * whichever are fewer, are orthonormal, scaled by {@code gain}.
     */
    public static double[][] matrix(int fanIn, int fanOut, double gain, SplitMix64 rng) {
        int tall = Math.max(fanIn, fanOut);
        int wide = Math.min(fanIn, fanOut);
        double[][] columns = new double[wide][tall];
        for (double[] column : columns) {
            for (int r = 0; r < tall; r++) {
                column[r] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < wide; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int r = 0; r < tall; r++) {
                    dot += columns[j][r] * columns[k][r];
                }
                for (int r = 0; r < tall; r++) {
                    columns[j][r] -= dot * columns[k][r];
                }
            }
            double norm = 0;
            for (int r = 0; r < tall; r++) {
                norm += columns[j][r] * columns[j][r];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < tall; r++) {
                columns[j][r] /= norm;
            }
        }
        double[][] w = new double[fanIn][fanOut];
        for (int i = 0; i < fanIn; i++) {
            for (int o = 0; o < fanOut; o++) {
                // Orthonormal columns span the longer side: along fanIn when fanIn >= fanOut.
                w[i][o] = gain * (fanIn >= fanOut ? columns[o][i] : columns[i][o]);
            }
        }
        return w;
    }
}
