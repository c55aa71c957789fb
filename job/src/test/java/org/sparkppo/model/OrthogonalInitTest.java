package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.seed.SplitMix64;

/** Orthogonal init: the shorter side's vectors are orthogonal with norm equal to the gain. */
class OrthogonalInitTest {

    @ParameterizedTest(name = "[{0} x {1}] gain {2}")
    @CsvSource({"4, 64, 1.4142135623730951", "64, 64, 1.4142135623730951", "64, 2, 0.01", "64, 1, 1.0"})
    void shorterSideIsOrthogonalWithNormGain(int fanIn, int fanOut, double gain) {
        double[][] w = OrthogonalInit.matrix(fanIn, fanOut, gain, new SplitMix64(5));
        boolean columns = fanIn >= fanOut;
        int vectors = Math.min(fanIn, fanOut);
        int length = Math.max(fanIn, fanOut);
        for (int a = 0; a < vectors; a++) {
            for (int b = 0; b < vectors; b++) {
                double dot = 0;
                for (int r = 0; r < length; r++) {
                    dot += (columns ? w[r][a] * w[r][b] : w[a][r] * w[b][r]);
                }
                assertEquals(a == b ? gain * gain : 0.0, dot, 1e-12, "gram[" + a + "][" + b + "]");
            }
        }
    }
}
