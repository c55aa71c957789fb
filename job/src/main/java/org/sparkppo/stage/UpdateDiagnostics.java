package org.sparkppo.stage;

import java.io.Serializable;
import org.sparkppo.loss.AdvantageNormalization;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.RecurrentState;
import org.sparkppo.policy.ActionDistribution;

/**
 * How an iteration's update went, gathered during the epochs as SB3 and CleanRL gather it: for every
 * minibatch, at the parameters about to be updated, {@code approx_kl = mean((r − 1) − log r)}
 * (Schulman's low-variance estimator of KL(π_old‖π_θ)), {@code clip_fraction = mean(|r − 1| > ε)},
 * the mean entropy, the clipped-surrogate loss (eq. 7 with the advantages the loss saw), the value
 * loss ½(V − R)² and DL4J's total loss; averaged over every minibatch sample of every epoch. After
 * the update, over the partition's whole batch at the final parameters: the approximate KL (what
 * {@code training.targetKl} compares) and the exact mean KL(π_old(·|s) ‖ π_θ(·|s)) (what the
 * adaptive β compares with its target). Sums, so partitions merge in partition order.
 */
public final class UpdateDiagnostics implements Serializable {
    private static final long serialVersionUID = 1L;

    private long samples;
    private double sumApproxKl;
    private long clipped;
    private double sumEntropy;
    private double sumPolicyLoss;
    private double sumValueLoss;
    private double sumLoss;
    private long finalSamples;
    private double finalSumApproxKl;
    private double finalSumKl;
    private int epochs;

    /**
     * Adds one minibatch, rows {@code order[from .. to)} of {@code s} with the advantages the loss sees
     * before its own normalization, evaluated at the parameters about to be updated.
     *
     * @param params                the minibatch's distribution parameters at those parameters, row by row;
     *                              masked here in place where the environment masks actions
     * @param values                the minibatch's values at those parameters
     * @param normalizePerMinibatch whether the loss normalizes the advantages over the minibatch
     * @param meanLoss              the mean loss of the minibatch (both heads)
     */
    public void addMinibatch(double[] params, double[] values, TrainingSamples s, double[] advantages, int[] order,
                             int from, int to, double clipRange, boolean normalizePerMinibatch, double meanLoss) {
        int m = to - from;
        ActionDistribution dist = s.distribution();
        int pw = dist.paramWidth();
        int aw = dist.actionWidth();
        double[] minibatchAdvantages = new double[m];
        for (int r = 0; r < m; r++) {
            minibatchAdvantages[r] = advantages[order[from + r]];
        }
        if (normalizePerMinibatch) {
            AdvantageNormalization.normalizeInPlace(minibatchAdvantages, 1e-8);
        }
        for (int r = 0; r < m; r++) {
            int k = order[from + r];
            s.maskParams(params, r * pw, k);
            double logRatio = dist.logProb(params, r * pw, s.actions(), k * aw) - s.logProbs()[k];
            double ratio = Math.exp(logRatio);
            samples++;
            sumApproxKl += (ratio - 1) - logRatio;
            if (Math.abs(ratio - 1) > clipRange) {
                clipped++;
            }
            sumEntropy += dist.entropy(params, r * pw);
            double clippedRatio = Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
            double a = minibatchAdvantages[r];
            sumPolicyLoss += Math.max(-a * ratio, -a * clippedRatio);
            double error = values[r] - s.returns()[k];
            sumValueLoss += 0.5 * error * error;
        }
        sumLoss += meanLoss * m;
    }

    /**
     * The partition's batch at the final parameters: {@code [samples, Σ approx. KL, Σ exact KL]}, the
     * payload summed over partitions for the batch's means.
     */
    public static double[] klSums(ActorCriticForward forward, TrainingSamples s) {
        ActionDistribution dist = s.distribution();
        int pw = dist.paramWidth();
        int aw = dist.actionWidth();
        double[] params = new double[s.count() * pw];
        if (s.recurrent() == null) {
            forward.forward(s.observations(), s.count(), params, new double[s.count()]);
        } else {
            replay(forward, s, params);
        }
        double approxKl = 0;
        double kl = 0;
        for (int k = 0; k < s.count(); k++) {
            s.maskParams(params, k * pw, k);
            double logRatio = dist.logProb(params, k * pw, s.actions(), k * aw) - s.logProbs()[k];
            approxKl += Math.exp(logRatio) - 1 - logRatio;
            kl += dist.kl(s.distributionParams(), k * pw, params, k * pw);
        }
        return new double[] {s.count(), approxKl, kl};
    }

    /**
     * A recurrent policy's distributions over the partition's rollout, step by step as the rollout
     * computed them: each sequence from its stored state, each environment reset where its episode started.
     */
    private static void replay(ActorCriticForward forward, TrainingSamples s, double[] paramsOut) {
        RecurrentSamples recurrent = s.recurrent();
        int n = recurrent.numEnvs();
        int d = s.observationDim();
        int pw = s.distribution().paramWidth();
        int width = recurrent.stateWidth();
        RecurrentState state = RecurrentState.zeros(n, width);
        float[] observations = new float[n * d];
        double[] params = new double[n * pw];
        double[] values = new double[n];
        for (int t = 0; t < s.count() / n; t++) {
            if (t % recurrent.sequenceLength() == 0) {
                System.arraycopy(recurrent.sequenceStates(), t / recurrent.sequenceLength() * n * width,
                        state.values(), 0, n * width);
            }
            for (int i = 0; i < n; i++) {
                if (recurrent.episodeStart(t * n + i)) {
                    state.reset(i);
                }
            }
            System.arraycopy(s.observations(), t * n * d, observations, 0, n * d);
            forward.step(observations, n, state, params, values);
            System.arraycopy(params, 0, paramsOut, t * n * pw, n * pw);
        }
    }

    /** Records the batch's KL sums after the update (over all partitions where the stage synchronizes). */
    public void setFinalKl(double[] klSums) {
        finalSamples = (long) klSums[0];
        finalSumApproxKl = klSums[1];
        finalSumKl = klSums[2];
    }

    /** Records how many epochs ran (fewer than K when {@code training.targetKl} stopped them). */
    public void setEpochs(int epochs) {
        this.epochs = epochs;
    }

    public int epochs() {
        return epochs;
    }

    /** Adds another partition's batch KL sums after the update (where each partition measured only its own). */
    public void addFinalKl(UpdateDiagnostics o) {
        finalSamples += o.finalSamples;
        finalSumApproxKl += o.finalSumApproxKl;
        finalSumKl += o.finalSumKl;
    }

    /** Adds another partition's sums over the epochs' minibatches (the driver merges in partition order). */
    public void merge(UpdateDiagnostics o) {
        samples += o.samples;
        sumApproxKl += o.sumApproxKl;
        clipped += o.clipped;
        sumEntropy += o.sumEntropy;
        sumPolicyLoss += o.sumPolicyLoss;
        sumValueLoss += o.sumValueLoss;
        sumLoss += o.sumLoss;
    }

    /** SB3's {@code train/approx_kl}: mean over the epochs' minibatches. */
    public double approxKl() {
        return sumApproxKl / samples;
    }

    public double clipFraction() {
        return (double) clipped / samples;
    }

    public double entropy() {
        return sumEntropy / samples;
    }

    public double policyLoss() {
        return sumPolicyLoss / samples;
    }

    public double valueLoss() {
        return sumValueLoss / samples;
    }

    /** The total loss (both heads), mean over the epochs' minibatches. */
    public double loss() {
        return sumLoss / samples;
    }

    /** Mean approximate KL over the batch after the update. */
    public double finalApproxKl() {
        return finalSumApproxKl / finalSamples;
    }

    /** Mean exact KL(π_old(·|s) ‖ π_θ(·|s)) over the batch after the update. */
    public double finalKl() {
        return finalSumKl / finalSamples;
    }
}
