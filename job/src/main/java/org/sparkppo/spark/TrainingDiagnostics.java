package org.sparkppo.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkppo.loss.AdvantageNormalization;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.policy.ActionDistribution;

/**
 * How far one iteration's update moved the policy, measured over the whole batch with the updated
 * parameters against the rollout's (SB3's and CleanRL's diagnostics, evaluated after the epochs
 * rather than averaged over minibatches during them):
 * {@code approx_kl = mean((r − 1) − log r)} (Schulman's low-variance estimator of KL(π_old‖π_θ)),
 * the exact mean {@code KL(π_old(·|s) ‖ π_θ(·|s))} (what the adaptive KL penalty compares with its
 * target), {@code clip_fraction = mean(|r − 1| > ε)}, the mean entropy, and the clipped-surrogate
 * and value losses. Per-partition sums merge on the driver in partition order.
 */
public final class TrainingDiagnostics implements Serializable {
    private static final long serialVersionUID = 1L;

    private long n;
    private double sumApproxKl;
    private double sumKl;
    private long clipped;
    private double sumEntropy;
    private double sumPolicyLoss;
    private double sumValueLoss;

    /**
     * Partition-local: the sums for one partition's samples under {@code net}.
     *
     * @param normalizeOverPartition normalize the advantages over this partition for the surrogate
     *                               (stands in for per-minibatch normalization)
     */
    public static TrainingDiagnostics measure(ComputationGraph net, TrainingSamples s,
                                              IterationCoefficients coefficients, boolean normalizeOverPartition) {
        TrainingDiagnostics d = new TrainingDiagnostics();
        ActionDistribution dist = s.distribution();
        int pw = dist.paramWidth();
        int aw = dist.actionWidth();
        double clipRange = coefficients.clipRange();
        int[] order = TrainingDataLayout.inOrder(s.count());
        INDArray[] out = net.output(false, TrainingDataLayout.observations(s, order, 0, s.count()));
        double[] params = FlatArrays.rowMajor(out[0]);
        double[] values = FlatArrays.rowMajor(out[1]);
        double[] advantages = coefficients.advantageTransform().applyTo(s).advantages().clone();
        if (normalizeOverPartition) {
            AdvantageNormalization.normalizeInPlace(advantages, 1e-8);
        }
        for (int k = 0; k < s.count(); k++) {
            double logRatio = dist.logProb(params, k * pw, s.actions(), k * aw) - s.logProbs()[k];
            double ratio = Math.exp(logRatio);
            d.n++;
            d.sumApproxKl += (ratio - 1) - logRatio;
            d.sumKl += dist.kl(s.distributionParams(), k * pw, params, k * pw);
            if (Math.abs(ratio - 1) > clipRange) {
                d.clipped++;
            }
            d.sumEntropy += dist.entropy(params, k * pw);
            double clippedRatio = Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
            d.sumPolicyLoss += Math.max(-advantages[k] * ratio, -advantages[k] * clippedRatio);
            double error = values[k] - s.returns()[k];
            d.sumValueLoss += 0.5 * error * error;
        }
        return d;
    }

    public void merge(TrainingDiagnostics o) {
        n += o.n;
        sumApproxKl += o.sumApproxKl;
        sumKl += o.sumKl;
        clipped += o.clipped;
        sumEntropy += o.sumEntropy;
        sumPolicyLoss += o.sumPolicyLoss;
        sumValueLoss += o.sumValueLoss;
    }

    public double approxKl() {
        return sumApproxKl / n;
    }

    /** Mean exact KL(π_old(·|s) ‖ π_θ(·|s)) over the batch. */
    public double kl() {
        return sumKl / n;
    }

    public double clipFraction() {
        return (double) clipped / n;
    }

    public double entropy() {
        return sumEntropy / n;
    }

    public double policyLoss() {
        return sumPolicyLoss / n;
    }

    public double valueLoss() {
        return sumValueLoss / n;
    }
}
