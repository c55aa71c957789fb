package org.sparkppo.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The PPO clipped surrogate with an entropy bonus, for a categorical policy head, as a DL4J loss on
 * the policy logits. Per example (Schulman et al. 2017, eq. 7 and eq. 9):
 *
 * <pre>
 *   r = exp(log π_θ(a|s) − log π_old(a|s))
 *   L = −min(r Â, clip(r, 1 − ε, 1 + ε) Â) − c_ent · H[π_θ(·|s)]
 * </pre>
 *
 * The score is the minibatch mean of L; the gradient with respect to the logits is
 * {@code −Â r (onehot(a) − π)} where the unclipped term is active (0 where clipping holds r),
 * plus {@code c_ent π_k (log π_k + H)} from the entropy. Â is normalized over the minibatch
 * ({@code (A − mean) / (std + 1e-8)}, unbiased std as CleanRL and SB3) when
 * {@code normalizeAdvantages} is set; the advantages then enter as constants of this minibatch.
 *
 * <p>Labels layout ({@link org.sparkppo.spark.TrainingDataLayout}): {@code [onehot(a) (n columns),
 * advantage, old log-probability]}.
 */
public final class PpoPolicyLoss extends PerExampleLoss {
    private static final long serialVersionUID = 1L;
    private static final double ADVANTAGE_EPS = 1e-8;

    @JsonProperty("clipRange")
    private double clipRange;
    @JsonProperty("entropyCoef")
    private double entropyCoef;
    @JsonProperty("normalizeAdvantages")
    private boolean normalizeAdvantages;

    /** For deserialization from the network's JSON configuration. */
    public PpoPolicyLoss() {
        this(0.2, 0.0, true);
    }

    public PpoPolicyLoss(@JsonProperty("clipRange") double clipRange, @JsonProperty("entropyCoef") double entropyCoef,
                         @JsonProperty("normalizeAdvantages") boolean normalizeAdvantages) {
        this.clipRange = clipRange;
        this.entropyCoef = entropyCoef;
        this.normalizeAdvantages = normalizeAdvantages;
    }

    public double clipRange() {
        return clipRange;
    }

    public double entropyCoef() {
        return entropyCoef;
    }

    public boolean normalizeAdvantages() {
        return normalizeAdvantages;
    }

    /** Per-example loss and gradient with respect to the logits, in double precision. */
    @Override
    Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        int n = (int) preOutput.size(0);
        int numActions = (int) preOutput.size(1);
        int width = numActions + 2;
        if (labels.size(1) != width) {
            throw new IllegalArgumentException("policy labels must have " + width
                    + " columns (one-hot action, advantage, old log-prob), but have " + labels.size(1));
        }
        double[] logits = FlatArrays.activations(preOutput, activationFn);
        double[] label = FlatArrays.rowMajor(labels);
        double[] rowMask = FlatArrays.rowMask(mask);
        double[] advantages = new double[n];
        for (int i = 0; i < n; i++) {
            advantages[i] = label[i * width + numActions];
        }
        if (normalizeAdvantages) {
            AdvantageNormalization.normalizeInPlace(advantages, ADVANTAGE_EPS);
        }
        double[] scores = new double[n];
        double[] gradient = new double[n * numActions];
        double[] rowLogits = new double[numActions];
        double[] logProbs = new double[numActions];
        for (int i = 0; i < n; i++) {
            if (rowMask != null && rowMask[i] == 0) {
                continue;
            }
            System.arraycopy(logits, i * numActions, rowLogits, 0, numActions);
            Categorical.logSoftmax(rowLogits, logProbs);
            int action = argmax(label, i * width, numActions);
            double oldLogProb = label[i * width + numActions + 1];
            double ratio = Math.exp(logProbs[action] - oldLogProb);
            double advantage = advantages[i];
            double clippedRatio = Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
            double unclipped = -advantage * ratio;
            double clipped = -advantage * clippedRatio;
            // Where the clipped term is the larger, r is outside the clip range and the term is constant in θ.
            boolean unclippedActive = unclipped >= clipped;
            double entropy = Categorical.entropy(logProbs);
            scores[i] = Math.max(unclipped, clipped) - entropyCoef * entropy;

            double surrogateScale = unclippedActive ? -advantage * ratio : 0.0;
            for (int k = 0; k < numActions; k++) {
                double p = Math.exp(logProbs[k]);
                double dLogPi = (k == action ? 1.0 : 0.0) - p;
                gradient[i * numActions + k] = surrogateScale * dLogPi + entropyCoef * p * (logProbs[k] + entropy);
            }
        }
        return new Evaluation(scores, FlatArrays.backprop(gradient, preOutput, activationFn));
    }

    private static int argmax(double[] row, int offset, int numActions) {
        int best = 0;
        for (int k = 1; k < numActions; k++) {
            if (row[offset + k] > row[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "PpoPolicyLoss(clipRange=" + clipRange + ", entropyCoef=" + entropyCoef + ", normalizeAdvantages="
                + normalizeAdvantages + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpoPolicyLoss l && l.clipRange == clipRange && l.entropyCoef == entropyCoef
                && l.normalizeAdvantages == normalizeAdvantages;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(clipRange) * 31 + Double.hashCode(entropyCoef) * 7 + (normalizeAdvantages ? 1 : 0);
    }
}
