package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.eval.NetworkPolicy;
import org.sparkppo.eval.OnnxRuntimePolicy;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.seed.SplitMix64;

/**
 * The ONNX export of a masking environment's policy (input {@code action_mask}; for GridReach-v0's
 * {@code MultiDiscrete([3, 3])} an {@code action} of one index per component) chooses exactly what
 * evaluation's {@link NetworkPolicy} chooses on real observations and masks, through ONNX Runtime,
 * over a few steps (a recurrent policy's LSTM state carried by both, {@link OnnxRuntimePolicy} feeding
 * the model's state outputs back), with the network's parameters moved so that invalid actions often have the largest logit (the
 * masking then decides the action, which the test checks happens).
 */
class MaskedOnnxExportTest {
    private static final int COUNT = 64;
    /** Steps played, the policy's actions fed to the environment (a recurrent policy's state carried). */
    private static final int STEPS = 4;

    @ParameterizedTest(name = "{0}, recurrent {1}")
    @CsvSource({"GridMaze-v0, false", "GridReach-v0, false", "GridMaze-v0, true", "GridReach-v0, true"})
    void onnxRuntimeChoosesWhatTheEvaluationChooses(String envId, boolean recurrent) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "model.recurrent=" + recurrent,
                "model.lstmHiddenSize=8"));
        EnvFamily family = EnvRegistry.load().family(envId);
        ComputationGraph net = ActorCriticNetwork.create(config, family.spec().observationSpace().flatDim(),
                family.spec().actionSpace());
        double[] moved = net.params().toDoubleVector();
        SplitMix64 rng = new SplitMix64(5);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.5 * rng.nextGaussian();
        }
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));

        VectorEnv env = family.create(COUNT, 3, 0);
        int[] sizes = ActionMaskShape.of(family.spec().actionSpace()).componentSizes();
        int width = ActionMaskShape.of(family.spec().actionSpace()).width();
        float[] random = new float[COUNT * sizes.length];
        for (int t = 0; t < 9; t++) {
            for (int i = 0; i < COUNT; i++) {
                int offset = i * width;
                for (int c = 0; c < sizes.length; c++) {
                    int pick;
                    do {
                        pick = rng.nextInt(sizes[c]);
                    } while (!env.actionMasks()[offset + pick]);
                    random[i * sizes.length + c] = pick;
                    offset += sizes[c];
                }
            }
            env.step(random);
        }
        NetworkPolicy network = new NetworkPolicy(net, ObservationNormalizer.identity(), family.spec().actionSpace());
        NetworkPolicy unmaskedNetwork = new NetworkPolicy(net, ObservationNormalizer.identity(),
                family.spec().actionSpace());
        byte[] model = ActorCriticOnnx.export(net, ObservationNormalizer.identity(), family.spec().actionSpace(), true,
                envId, "test");
        float[] expected = new float[STEPS * COUNT * sizes.length];
        float[] unmasked = new float[expected.length];
        float[] actual = new float[expected.length];
        try (OnnxRuntimePolicy onnx = OnnxRuntimePolicy.load(model, "test",
                family.spec().observationSpace().flatDim(), family.spec().actionSpace(), true)) {
            float[] chosen = new float[COUNT * sizes.length];
            float[] step = new float[chosen.length];
            for (int t = 0; t < STEPS; t++) {
                float[] observations = env.observations().clone();
                boolean[] masks = env.actionMasks().clone();
                network.act(observations, masks, COUNT, chosen);
                System.arraycopy(chosen, 0, expected, t * step.length, step.length);
                unmaskedNetwork.act(observations, null, COUNT, step);
                System.arraycopy(step, 0, unmasked, t * step.length, step.length);
                onnx.act(observations, masks, COUNT, step);
                System.arraycopy(step, 0, actual, t * step.length, step.length);
                env.step(chosen);
            }
        }
        assertArrayEquals(expected, actual, 0f);
        int decidedByMask = 0;
        for (int k = 0; k < expected.length; k++) {
            decidedByMask += expected[k] != unmasked[k] ? 1 : 0;
        }
        assertTrue(decidedByMask > 0, envId + ": the mask never changed the argmax; the test would not see it ignored");
    }
}
