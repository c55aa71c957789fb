package org.sparkppo.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionMask;
import org.sparkppo.policy.CategoricalDistribution;
import org.sparkppo.policy.DiagonalGaussian;
import org.sparkppo.policy.MultiCategoricalDistribution;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.TrainingDataLayout;

/**
 * The analytic gradients of the PPO losses against central finite differences of their own scores,
 * in double precision: categorical, multi-categorical (MultiDiscrete) and Gaussian policies, masked
 * categorical ones, the three objectives, clipping both
 * inactive and active, the KL penalty and the entropy bonus on.
 */
class PpoLossFiniteDifferenceTest {
    private static final double STEP = 1e-6;

    @ParameterizedTest(name = "policy loss: {0}, {1}, clip {2}, entropy {3}, normalize {4}, old shift {5}")
    @CsvSource({"categorical, clip, 0.2, 0.0, true, 0.0", "categorical, clip, 0.2, 0.01, true, 0.05",
            "categorical, clip, 0.1, 0.05, false, 0.8", "categorical, clip, 0.3, 0.0, false, -0.9",
            "categorical, kl-penalty, 0.2, 0.01, true, 0.5", "categorical, clip+kl, 0.1, 0.02, false, 0.7",
            "gaussian, clip, 0.2, 0.0, true, 0.0", "gaussian, clip, 0.1, 0.05, false, 0.8",
            "gaussian, kl-penalty, 0.2, 0.01, true, 0.5", "gaussian, clip+kl, 0.1, 0.02, false, -0.7"})
    void policyLossGradientMatchesFiniteDifferences(String distribution, String objective, double clip, double entropy,
                                                    boolean normalize, double shift) {
        SplitMix64 rng = new SplitMix64(7);
        int n = 16;
        int width = 3;
        ActionDistribution dist = distribution.equals(PpoPolicyLoss.GAUSSIAN) ? new DiagonalGaussian(width)
                : new CategoricalDistribution(width);
        INDArray params = randomMatrix(n, dist.paramWidth(), rng);
        double[] flat = params.dup('c').data().asDouble();
        TrainingDataLayout.PolicyColumns c = TrainingDataLayout.policyColumns(dist);
        double[][] labels = new double[n][c.width()];
        float[] action = new float[dist.actionWidth()];
        for (int i = 0; i < n; i++) {
            double logProb = dist.sample(flat, i * dist.paramWidth(), rng, action, 0);
            for (int j = 0; j < action.length; j++) {
                labels[i][j] = action[j];
            }
            labels[i][c.advantage()] = rng.nextGaussian();
            // Shift some old log-probabilities away from the current ones so that clipping binds.
            labels[i][c.oldLogProb()] = logProb + (i % 2 == 0 ? shift : -shift) + 0.01 * rng.nextGaussian();
            labels[i][c.clipRange()] = clip;
            labels[i][c.klCoef()] = 0.7;
            for (int j = 0; j < dist.paramWidth(); j++) {
                labels[i][c.oldParams() + j] = flat[i * dist.paramWidth() + j] + 0.2 * rng.nextGaussian();
            }
        }
        assertGradientMatches(new PpoPolicyLoss(objective, distribution, entropy, normalize), Nd4j.create(labels),
                params);
    }

    /**
     * Multi-categorical policies, and masked categorical and multi-categorical ones: about half of each
     * row's actions invalid (every component keeps one valid), actions sampled and old parameters stored
     * as the rollout masks them. The score does not depend on an invalid logit, so its finite difference
     * and the analytic gradient there are both 0.
     */
    @ParameterizedTest(name = "policy loss: components {0}, {1}, entropy {2}, masked {3}")
    @CsvSource({"'3 4', clip, 0.01, false", "'2 3 2', clip+kl, 0.02, false", "'5', clip, 0.01, true",
            "'5', clip+kl, 0.02, true", "'3 4', clip, 0.01, true", "'3 4', kl-penalty, 0.05, true"})
    void multiCategoricalAndMaskedPolicyLossGradientsMatchFiniteDifferences(String components, String objective,
                                                                          double entropy, boolean masks) {
        SplitMix64 rng = new SplitMix64(13);
        int n = 16;
        int[] nvec = Arrays.stream(components.split(" ")).mapToInt(Integer::parseInt).toArray();
        ActionDistribution dist = nvec.length == 1 ? new CategoricalDistribution(nvec[0])
                : new MultiCategoricalDistribution(nvec);
        int pw = dist.paramWidth();
        INDArray params = randomMatrix(n, pw, rng);
        double[] flat = params.dup('c').data().asDouble();
        boolean[] valid = new boolean[n * pw];
        for (int i = 0; i < n; i++) {
            int offset = 0;
            for (int size : nvec) {
                int keep = rng.nextInt(size);
                for (int k = 0; k < size; k++) {
                    valid[i * pw + offset + k] = !masks || k == keep || rng.nextDouble() < 0.4;
                }
                offset += size;
            }
        }
        double[] masked = flat.clone();
        double[] old = new double[n * pw];
        for (int i = 0; i < n; i++) {
            ActionMask.apply(masked, i * pw, valid, i * pw, pw);
            for (int j = 0; j < pw; j++) {
                old[i * pw + j] = flat[i * pw + j] + 0.2 * rng.nextGaussian();
            }
            ActionMask.apply(old, i * pw, valid, i * pw, pw);
        }
        TrainingDataLayout.PolicyColumns c = TrainingDataLayout.policyColumns(dist, masks);
        double[][] labels = new double[n][c.width()];
        float[] action = new float[dist.actionWidth()];
        for (int i = 0; i < n; i++) {
            double logProb = dist.sample(masked, i * pw, rng, action, 0);
            for (int j = 0; j < action.length; j++) {
                labels[i][j] = action[j];
            }
            labels[i][c.advantage()] = rng.nextGaussian();
            labels[i][c.oldLogProb()] = logProb + (i % 2 == 0 ? 0.4 : -0.4);
            labels[i][c.clipRange()] = 0.2;
            labels[i][c.klCoef()] = 0.7;
            System.arraycopy(old, i * pw, labels[i], c.oldParams(), pw);
            for (int j = 0; j < c.actionMaskWidth(); j++) {
                labels[i][c.actionMask() + j] = valid[i * pw + j] ? 1 : 0;
            }
        }
        PpoPolicyLoss loss = nvec.length == 1 ? new PpoPolicyLoss(objective, PpoPolicyLoss.CATEGORICAL, entropy, true)
                : new PpoPolicyLoss(objective, nvec, entropy, true);
        assertGradientMatches(loss, Nd4j.create(labels), params);
        INDArray gradient = loss.computeGradient(Nd4j.create(labels), params, new ActivationIdentity(), null);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < pw; j++) {
                if (!valid[i * pw + j]) {
                    assertEquals(0.0, gradient.getDouble(i, j), 0.0, "gradient at invalid logit " + j + " of row " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "value loss: coef {0}, clip {1}")
    @CsvSource({"0.5, 0.0", "1.0, 0.2", "0.5, 0.05"})
    void valueLossGradientMatchesFiniteDifferences(double coef, double clip) {
        SplitMix64 rng = new SplitMix64(11);
        int n = 16;
        INDArray values = randomMatrix(n, 1, rng);
        double[][] labels = new double[n][2];
        for (int i = 0; i < n; i++) {
            labels[i][0] = rng.nextGaussian();
            labels[i][1] = values.getDouble(i, 0) + 0.3 * rng.nextGaussian();
        }
        assertGradientMatches(new PpoValueLoss(coef, clip), Nd4j.create(labels), values);
    }

    /**
     * Inside the clip range {@code V_old + clip(V − V_old)} is V up to rounding, and rounding alone can
     * make the clipped term the larger one (here by 1e-19); the gradient is then still
     * {@code coef · (V_clip − R)} (PyTorch's clamp passes it through), not 0 as for V outside the range.
     */
    @Test
    void valueLossInsideTheClipRangeKeepsItsGradientWhenRoundingPicksTheClippedTerm() {
        double v = -6.618327686791125e-10;
        double oldValue = -0.05557701040655713;
        double target = 0.007076687709709472;
        double clippedValue = oldValue + (v - oldValue);
        double clippedError = clippedValue - target;
        assertTrue(clippedError * clippedError > (v - target) * (v - target), "rounding picks the clipped term");
        INDArray gradient = new PpoValueLoss(0.5, 0.2).computeGradient(
                Nd4j.create(new double[][] {{target, oldValue}}), Nd4j.create(new double[][] {{v}}),
                new ActivationIdentity(), null);
        assertEquals(0.5 * clippedError, gradient.getDouble(0, 0), 0.0);
    }

    @ParameterizedTest(name = "value loss is ½·coef·(V − R)² without clipping: coef {0}")
    @CsvSource({"0.5", "2.0"})
    void valueLossClosedForm(double coef) {
        INDArray values = Nd4j.create(new double[][] {{1.5}, {-2.0}});
        INDArray labels = Nd4j.create(new double[][] {{0.5, 9.0}, {1.0, -9.0}});
        double score = new PpoValueLoss(coef, 0).computeScore(labels, values, new ActivationIdentity(), null, true);
        assertEquals(coef * 0.5 * (1.0 + 9.0) / 2, score, 1e-15);
    }

    private static void assertGradientMatches(ILossFunction loss, INDArray labels, INDArray preOutput) {
        INDArray analytic = loss.computeGradient(labels, preOutput, new ActivationIdentity(), null);
        int checked = 0;
        for (int i = 0; i < preOutput.rows(); i++) {
            for (int j = 0; j < preOutput.columns(); j++) {
                INDArray plus = preOutput.dup();
                plus.putScalar(i, j, preOutput.getDouble(i, j) + STEP);
                INDArray minus = preOutput.dup();
                minus.putScalar(i, j, preOutput.getDouble(i, j) - STEP);
                double numeric = (sum(loss, labels, plus) - sum(loss, labels, minus)) / (2 * STEP);
                double expected = analytic.getDouble(i, j);
                assertEquals(numeric, expected, 1e-6 + 1e-5 * Math.abs(numeric),
                        "d loss / d output[" + i + "][" + j + "] of " + loss.name());
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    /** Sum of per-example losses: the quantity whose gradient DL4J's losses return. */
    private static double sum(ILossFunction loss, INDArray labels, INDArray preOutput) {
        return loss.computeScore(labels, preOutput, new ActivationIdentity(), null, false);
    }

    private static INDArray randomMatrix(int rows, int cols, SplitMix64 rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return Nd4j.create(m).castTo(DataType.DOUBLE);
    }
}
