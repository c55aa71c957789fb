package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.seed.SplitMix64;

/**
 * The flat-array clipping gives the INDArray clipping's bits when ND4J reduces on one thread (as
 * under {@code OMP_NUM_THREADS=1}; set here so the test does not depend on the environment).
 */
class GlobalGradientNormClippingTest {
    private static final int EXAMPLES = 128;
    private int previousMaxThreads;

    @BeforeEach
    void oneNd4jThread() {
        previousMaxThreads = Nd4j.getEnvironment().maxThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @AfterEach
    void restoreNd4jThreads() {
        Nd4j.getEnvironment().setMaxThreads(previousMaxThreads);
    }

    @ParameterizedTest(name = "maxNorm {0}")
    @ValueSource(doubles = {0.5, 1e9})
    void flatArrayClippingEqualsIndArrayClipping(double maxNorm) {
        SplitMix64 rng = new SplitMix64(9);
        double[] gradient = new double[9155];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = EXAMPLES * rng.nextGaussian() * Math.exp(rng.nextGaussian());
        }
        INDArray expected = Nd4j.create(gradient.clone(), new long[] {1, gradient.length}, DataType.DOUBLE);
        Dl4jGlobalNormClipping.clip(expected, EXAMPLES, maxNorm);
        double[] original = gradient.clone();

        GlobalGradientNormClipping.clip(gradient, EXAMPLES, maxNorm);

        assertArrayEquals(expected.toDoubleVector(), gradient, 0.0);
        double meanNorm = Nd4j.create(gradient).norm2Number().doubleValue() / EXAMPLES;
        if (maxNorm < 1e9) {
            assertEquals(maxNorm, meanNorm, 1e-12 * maxNorm, "clipped to maxNorm");
        } else {
            assertArrayEquals(original, gradient, 0.0, "left alone below maxNorm");
        }
    }
}
