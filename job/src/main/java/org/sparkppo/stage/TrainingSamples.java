package org.sparkppo.stage;

import java.io.Serializable;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionMask;
import org.sparkppo.rollout.RolloutBuffer;

/**
 * One partition's rollout flattened for training, sample {@code k = t * numEnvs + i} being step
 * {@code t} of environment {@code i}: what {@link TrainingDataLayout} packs into minibatches.
 * Observations are as the policy saw them (normalized when the run normalizes observations);
 * {@code distributionParams} are the rollout policy's distribution parameters (masked, where the
 * environment masks actions), for the KL penalty; {@code actionMasks} the valid actions each action was
 * sampled among, so training evaluates the same masked distribution.
 * Built on the executor and cached there; never collected to the driver.
 */
public final class TrainingSamples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int count;
    private final int observationDim;
    private final ActionDistribution distribution;
    private final float[] observations;
    private final float[] actions;
    private final double[] advantages;
    private final double[] returns;
    private final double[] logProbs;
    private final double[] values;
    private final double[] distributionParams;
    /** {@code [count × paramWidth]}; null when the environment does not mask actions. */
    private final boolean[] actionMasks;
    private final RecurrentSamples recurrent;

    private TrainingSamples(TrainingSamples s, double[] advantages) {
        this.partition = s.partition;
        this.count = s.count;
        this.observationDim = s.observationDim;
        this.distribution = s.distribution;
        this.observations = s.observations;
        this.actions = s.actions;
        this.advantages = advantages;
        this.returns = s.returns;
        this.logProbs = s.logProbs;
        this.values = s.values;
        this.distributionParams = s.distributionParams;
        this.actionMasks = s.actionMasks;
        this.recurrent = s.recurrent;
    }

    private TrainingSamples(int partition, int count, int observationDim, ActionDistribution distribution,
                            boolean masked, RecurrentSamples recurrent) {
        this.partition = partition;
        this.count = count;
        this.observationDim = observationDim;
        this.distribution = distribution;
        this.observations = new float[count * observationDim];
        this.actions = new float[count * distribution.actionWidth()];
        this.advantages = new double[count];
        this.returns = new double[count];
        this.logProbs = new double[count];
        this.values = new double[count];
        this.distributionParams = new double[count * distribution.paramWidth()];
        this.actionMasks = masked ? new boolean[count * distribution.paramWidth()] : null;
        this.recurrent = recurrent;
    }

    /**
     * Flattens a buffer whose advantages and returns GAE has filled.
     *
     * @param distributionParams per rollout step, the {@code [numEnvs × paramWidth]} distribution parameters
     * @param recurrent          a recurrent policy's sequences; null for a feed-forward policy
     * @throws IllegalArgumentException when the buffer's masks are not laid out as the distribution's parameters
     */
    public static TrainingSamples from(RolloutBuffer buffer, int partition, ActionDistribution distribution,
                                       double[][] distributionParams, RecurrentSamples recurrent) {
        int n = buffer.numEnvs();
        int obsDim = buffer.observationDim();
        int aw = distribution.actionWidth();
        int pw = distribution.paramWidth();
        boolean masked = buffer.actionMaskWidth() > 0;
        if (masked && buffer.actionMaskWidth() != pw) {
            throw new IllegalArgumentException("action masks of " + buffer.actionMaskWidth() + " flags do not fit a "
                    + "distribution of " + pw + " parameters");
        }
        TrainingSamples s = new TrainingSamples(partition, buffer.numSteps() * n, obsDim, distribution, masked,
                recurrent);
        for (int t = 0; t < buffer.numSteps(); t++) {
            if (masked) {
                System.arraycopy(buffer.actionMasks()[t], 0, s.actionMasks, t * n * pw, n * pw);
            }
            System.arraycopy(buffer.observations()[t], 0, s.observations, t * n * obsDim, n * obsDim);
            System.arraycopy(buffer.actions()[t], 0, s.actions, t * n * aw, n * aw);
            System.arraycopy(distributionParams[t], 0, s.distributionParams, t * n * pw, n * pw);
            for (int i = 0; i < n; i++) {
                int k = t * n + i;
                s.advantages[k] = buffer.advantages()[t][i];
                s.returns[k] = buffer.returns()[t][i];
                s.logProbs[k] = buffer.logProbs()[t][i];
                s.values[k] = buffer.values()[t][i];
            }
        }
        return s;
    }

    /** The same samples with other advantages (everything else shared, not copied). */
    TrainingSamples withAdvantages(double[] newAdvantages) {
        return new TrainingSamples(this, newAdvantages);
    }

    /** A recurrent policy's sequences; null for a feed-forward policy. */
    public RecurrentSamples recurrent() {
        return recurrent;
    }

    public int partition() {
        return partition;
    }

    public int count() {
        return count;
    }

    public int observationDim() {
        return observationDim;
    }

    public ActionDistribution distribution() {
        return distribution;
    }

    public float[] observations() {
        return observations;
    }

    /** {@code [count × actionWidth]}: the stored (for Gaussian policies unclipped) actions. */
    public float[] actions() {
        return actions;
    }

    public double[] advantages() {
        return advantages;
    }

    public double[] returns() {
        return returns;
    }

    public double[] logProbs() {
        return logProbs;
    }

    public double[] values() {
        return values;
    }

    /** {@code [count × paramWidth]}: π_old's distribution parameters per sample. */
    public double[] distributionParams() {
        return distributionParams;
    }

    /**
     * {@code [count × paramWidth]}: the valid actions of each sample, laid out as its logits; null when
     * the environment does not mask actions.
     */
    public boolean[] actionMasks() {
        return actionMasks;
    }

    /** Masks the distribution parameters {@code params[p ..]} as sample {@code k}'s were in the rollout (none: no-op). */
    public void maskParams(double[] params, int p, int k) {
        if (actionMasks != null) {
            int pw = distribution.paramWidth();
            ActionMask.apply(params, p, actionMasks, k * pw, pw);
        }
    }
}
