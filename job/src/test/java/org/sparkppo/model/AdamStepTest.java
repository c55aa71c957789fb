package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkppo.seed.SplitMix64;

/**
 * {@link AdamStep} makes bit for bit the step DL4J makes in {@code GradientSync}: the updater on a
 * flat summed gradient, then {@code params.subi}. The project's learning-rate schedule is active
 * (16 steps per PPO iteration in the default configuration, so the rate changes within the run),
 * and besides consecutive steps from the start there are steps at iterations where {@link Math#pow}
 * and the C library's {@code pow} disagree about {@code β^(t+1)}.
 */
class AdamStepTest {
    /** Math.pow(0.9, t + 1) or Math.pow(0.999, t + 1) differs from glibc's pow (found by the test below). */
    private static final int[] POW_DISAGREEMENTS = {347, 1434, 2903, 4629};

    @ParameterizedTest(name = "{0}, shared trunk {1}, {2}")
    @MethodSource("org.sparkppo.model.TestNetworks#variants")
    void stepsLikeDl4jsUpdater(String envId, boolean sharedTrunk, String activation) {
        ComputationGraph net = TestNetworks.create(envId, sharedTrunk, activation);
        AdamStep adam = AdamStep.of(net);
        double[] params = net.params().toDoubleVector();
        double[] state = net.getUpdater().getStateViewArray().toDoubleVector();
        SplitMix64 rng = new SplitMix64(5);
        int[] iterations = new int[40 + POW_DISAGREEMENTS.length];
        for (int i = 0; i < 40; i++) {
            iterations[i] = i;
        }
        System.arraycopy(POW_DISAGREEMENTS, 0, iterations, 40, POW_DISAGREEMENTS.length);
        Adam config = (Adam) net.getUpdater().getUpdaterBlocks().get(0).getGradientUpdater().getConfig();
        for (int iteration : iterations) {
            int epoch = iteration / 4;
            int examples = 64 + iteration % 100;
            // A new step size every 16 steps, as the trainer's per-iteration annealing gives; DL4J reads its config's.
            double learningRate = 2.5e-4 * (1 - (iteration / 16) / 400.0);
            config.setLearningRate(learningRate);
            double[] gradient = summedGradient(params.length, examples, rng);
            INDArray dl4jGradient = Nd4j.create(gradient.clone(), new long[] {1, gradient.length}, DataType.DOUBLE);
            net.getUpdater().update(new DefaultGradient(dl4jGradient), iteration, epoch, examples,
                    LayerWorkspaceMgr.noWorkspaces());
            net.params().subi(dl4jGradient);

            adam.apply(params, state, gradient, examples, learningRate, iteration);

            assertArrayEquals(net.params().toDoubleVector(), params, 0.0, "parameters after step " + iteration);
            assertArrayEquals(net.getUpdater().getStateViewArray().toDoubleVector(), state, 0.0,
                    "updater state after step " + iteration);
        }
        assertEquals(1, net.getUpdater().getUpdaterBlocks().size(), "one block: [m of all, v of all]");
    }

    /**
     * The bias corrections use {@code β^(t+1)} only through {@code 1 − β^(t+1)}: for the project's
     * β's, Java's and glibc's pow give the same {@code 1 − β^(t+1)} at every step until it is exactly 1.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.9, 0.999})
    void biasCorrectionsEqualNd4jsAtEveryStep(double beta) {
        int steps = 0;
        while (1 - Math.pow(beta, steps + 1) != 1) {
            steps++;
        }
        steps *= 2;
        double[] exponents = new double[steps];
        for (int i = 0; i < steps; i++) {
            exponents[i] = i + 1;
        }
        double[] nd4j = Transforms.pow(Nd4j.valueArrayOf(new long[] {steps}, beta, DataType.DOUBLE),
                Nd4j.createFromArray(exponents), false).toDoubleVector();
        for (int i = 0; i < steps; i++) {
            assertEquals(1 - nd4j[i], 1 - Math.pow(beta, i + 1), 0.0, "1 − β^" + (i + 1));
        }
    }

    /** Gradients summed over {@code examples}, of varied magnitude, with exact zeros (the log-std layer's weights). */
    private static double[] summedGradient(int length, int examples, SplitMix64 rng) {
        double[] g = new double[length];
        for (int i = 0; i < length; i++) {
            g[i] = i % 13 == 0 ? 0 : examples * rng.nextGaussian() * Math.exp(2 * rng.nextGaussian());
        }
        return g;
    }
}
