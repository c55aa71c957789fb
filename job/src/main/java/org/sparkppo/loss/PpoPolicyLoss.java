package org.sparkppo.loss;

import java.util.Arrays;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionMask;
import org.sparkppo.policy.CategoricalDistribution;
import org.sparkppo.policy.DiagonalGaussian;
import org.sparkppo.policy.MultiCategoricalDistribution;
import org.sparkppo.config.PolicyObjective;
import org.sparkppo.stage.TrainingDataLayout;

/**
 * The PPO policy loss as a DL4J loss on the policy head's distribution parameters (categorical
 * logits, or Gaussian mean and log-std). Per example, with r = exp(log π_θ(a|s) − log π_old(a|s))
 * (Schulman et al. 2017, eqs. 7, 8 and 9):
 *
 * <pre>
 *   clip:        L = −min(r Â, clip(r, 1 − ε, 1 + ε) Â)               − c_ent · H[π_θ(·|s)]
 *   kl-penalty:  L = −r Â                        + β KL(π_old ‖ π_θ) − c_ent · H[π_θ(·|s)]
 *   clip+kl:     L = −min(r Â, clip(r, 1 − ε, 1 + ε) Â) + β KL(π_old ‖ π_θ) − c_ent · H[π_θ(·|s)]
 * </pre>
 *
 * The score is the minibatch mean of L; the gradient with respect to the distribution parameters
 * is {@code −Â r ∂log π} where the unclipped term is active (0 where clipping holds r), plus
 * {@code β ∂KL} and {@code −c_ent ∂H}. With {@code normalizeAdvantages}, Â is normalized over the
 * minibatch ({@code (A − mean) / (std + 1e-8)}, unbiased std as CleanRL and SB3); other scopes are
 * applied to the samples before they reach the loss.
 *
 * <p>ε (possibly annealed) and β (adapted) change between iterations, so they travel in the labels
 * ({@link TrainingDataLayout#policyColumns}); the network configuration stays fixed for the run.
 *
 * <p>Where the labels carry valid-action flags (the environment masks actions), every quantity is
 * evaluated on the logits with the invalid ones replaced ({@link ActionMask}): the ratio, the entropy
 * and the KL over the valid actions only, the distribution the rollout sampled from; the gradient at
 * a replaced logit is 0.
 */
public final class PpoPolicyLoss extends PerExampleLoss {
    private static final long serialVersionUID = 1L;
    private static final double ADVANTAGE_EPS = 1e-8;
    public static final String CATEGORICAL = "categorical";
    public static final String GAUSSIAN = "gaussian";
    /** One categorical per component of a {@code MultiDiscrete} space; the components' sizes in {@code actionComponents}. */
    public static final String MULTI_CATEGORICAL = "multi-categorical";

    @JsonProperty("objective")
    private String objective;
    @JsonProperty("distribution")
    private String distribution;
    @JsonProperty("entropyCoef")
    private double entropyCoef;
    @JsonProperty("normalizeAdvantages")
    private boolean normalizeAdvantages;
    /** The component sizes of a {@value #MULTI_CATEGORICAL} distribution; null otherwise. */
    @JsonProperty("actionComponents")
    private int[] actionComponents;

    /** For deserialization from the network's JSON configuration. */
    public PpoPolicyLoss() {
        this(PolicyObjective.CLIP.configName(), CATEGORICAL, 0.0, true);
    }

    /**
     * @param objective           a {@link PolicyObjective} config name
     * @param distribution        {@value #CATEGORICAL} or {@value #GAUSSIAN}
     * @param normalizeAdvantages normalize advantages over each minibatch inside the loss
     */
    public PpoPolicyLoss(@JsonProperty("objective") String objective, @JsonProperty("distribution") String distribution,
                         @JsonProperty("entropyCoef") double entropyCoef,
                         @JsonProperty("normalizeAdvantages") boolean normalizeAdvantages) {
        this.objective = objective;
        this.distribution = distribution;
        this.entropyCoef = entropyCoef;
        this.normalizeAdvantages = normalizeAdvantages;
    }

    /**
     * The loss of a {@value #MULTI_CATEGORICAL} policy over components of {@code actionComponents} values.
     */
    public PpoPolicyLoss(String objective, int[] actionComponents, double entropyCoef, boolean normalizeAdvantages) {
        this(objective, MULTI_CATEGORICAL, entropyCoef, normalizeAdvantages);
        this.actionComponents = actionComponents.clone();
    }

    /** The distribution whose parameters a policy output of {@code paramWidth} columns holds. */
    ActionDistribution distribution(int paramWidth) {
        if (GAUSSIAN.equals(distribution)) {
            return new DiagonalGaussian(paramWidth / 2);
        }
        if (MULTI_CATEGORICAL.equals(distribution)) {
            MultiCategoricalDistribution multi = new MultiCategoricalDistribution(actionComponents);
            if (multi.paramWidth() != paramWidth) {
                throw new IllegalArgumentException("a multi-categorical policy over components "
                        + Arrays.toString(actionComponents) + " needs " + multi.paramWidth() + " logits, but the "
                        + "policy output has " + paramWidth);
            }
            return multi;
        }
        return new CategoricalDistribution(paramWidth);
    }

    /** Per-example loss and gradient with respect to the distribution parameters, in double precision. */
    @Override
    public Evaluation evaluate(double[] label, int labelWidth, double[] params, int paramWidth, int n,
                               double[] rowMask) {
        ActionDistribution dist = distribution(paramWidth);
        TrainingDataLayout.PolicyColumns columns = TrainingDataLayout.policyColumns(dist, false);
        TrainingDataLayout.PolicyColumns maskedColumns = TrainingDataLayout.policyColumns(dist, true);
        if (labelWidth == maskedColumns.width() && !(dist instanceof DiagonalGaussian)) {
            columns = maskedColumns;
        } else if (labelWidth != columns.width()) {
            throw new IllegalArgumentException("policy labels must have " + columns.width()
                    + " columns (action, advantage, old log-prob, clip range, KL coefficient, old distribution)"
                    + (dist instanceof DiagonalGaussian ? "" : " or " + maskedColumns.width() + " (and valid actions)")
                    + ", but have " + labelWidth);
        }
        PolicyObjective objective = PolicyObjective.parse("training.objective", this.objective);
        int pw = dist.paramWidth();
        int width = columns.width();
        float[] actions = new float[n * dist.actionWidth()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dist.actionWidth(); j++) {
                actions[i * dist.actionWidth() + j] = (float) label[i * width + j];
            }
        }
        double[] advantages = new double[n];
        for (int i = 0; i < n; i++) {
            advantages[i] = label[i * width + columns.advantage()];
        }
        if (normalizeAdvantages) {
            AdvantageNormalization.normalizeInPlace(advantages, ADVANTAGE_EPS);
        }
        boolean[] valid = columns.masked() ? validActions(label, width, columns, n) : null;
        if (valid != null) {
            params = Arrays.copyOf(params, n * pw);
            for (int i = 0; i < n; i++) {
                ActionMask.apply(params, i * pw, valid, i * pw, pw);
            }
        }
        double[] scores = new double[n];
        double[] gradient = new double[n * pw];
        for (int i = 0; i < n; i++) {
            if (rowMask != null && rowMask[i] == 0) {
                continue;
            }
            int row = i * width;
            double clipRange = label[row + columns.clipRange()];
            double beta = label[row + columns.klCoef()];
            double logProb = dist.logProb(params, i * pw, actions, i * dist.actionWidth());
            double ratio = Math.exp(logProb - label[row + columns.oldLogProb()]);
            double advantage = advantages[i];
            double unclipped = -advantage * ratio;
            double surrogate = unclipped;
            boolean unclippedActive = true;
            if (objective.clipped()) {
                double clipped = -advantage * Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
                // Where the clipped term is the larger, r is outside the clip range and the term is constant in θ.
                unclippedActive = unclipped >= clipped;
                surrogate = Math.max(unclipped, clipped);
            }
            scores[i] = surrogate - entropyCoef * dist.entropy(params, i * pw);
            if (unclippedActive) {
                dist.addLogProbGradient(params, i * pw, actions, i * dist.actionWidth(), -advantage * ratio, gradient,
                        i * pw);
            }
            dist.addEntropyGradient(params, i * pw, -entropyCoef, gradient, i * pw);
            if (objective.penalized() && beta != 0) {
                scores[i] += beta * dist.kl(label, row + columns.oldParams(), params, i * pw);
                dist.addKlGradient(label, row + columns.oldParams(), params, i * pw, beta, gradient, i * pw);
            }
            if (valid != null) {
                ActionMask.zeroInvalid(gradient, i * pw, valid, i * pw, pw);
            }
        }
        return new Evaluation(scores, gradient);
    }

    /** The valid-action flags of the labels' rows, {@code [n × paramWidth]}. */
    private static boolean[] validActions(double[] label, int width, TrainingDataLayout.PolicyColumns columns, int n) {
        int maskWidth = columns.actionMaskWidth();
        boolean[] valid = new boolean[n * maskWidth];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < maskWidth; k++) {
                valid[i * maskWidth + k] = label[i * width + columns.actionMask() + k] != 0;
            }
        }
        return valid;
    }

    @Override
    public String name() {
        return "PpoPolicyLoss(objective=" + objective + ", distribution=" + distribution
                + (actionComponents == null ? "" : ", actionComponents=" + Arrays.toString(actionComponents))
                + ", entropyCoef=" + entropyCoef + ", normalizeAdvantages=" + normalizeAdvantages + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpoPolicyLoss l && l.objective.equals(objective) && l.distribution.equals(distribution)
                && l.entropyCoef == entropyCoef && l.normalizeAdvantages == normalizeAdvantages
                && Arrays.equals(l.actionComponents, actionComponents);
    }

    @Override
    public int hashCode() {
        return (objective.hashCode() * 31 + distribution.hashCode()) * 31 + Double.hashCode(entropyCoef) * 7
                + (normalizeAdvantages ? 1 : 0) + Arrays.hashCode(actionComponents);
    }
}
