package org.sparkppo.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkppo.loss.AdvantageNormalization;
import org.sparkppo.loss.Categorical;
import org.sparkppo.loss.FlatArrays;

/**
 * How far one iteration's update moved the policy, measured over the whole batch with the updated
 * parameters against the rollout's (SB3's and CleanRL's diagnostics, evaluated after the K epochs
 * rather than averaged over minibatches during them):
 * {@code approx_kl = mean((r − 1) − log r)} (Schulman's low-variance estimator of KL(π_old‖π_θ)),
 * {@code clip_fraction = mean(|r − 1| > ε)}, the mean entropy, and the clipped-surrogate and value
 * losses. Per-partition sums merge on the driver in partition order.
 */
public final class TrainingDiagnostics implements Serializable {
    private static final long serialVersionUID = 1L;

    private long n;
    private double sumApproxKl;
    private long clipped;
    private double sumEntropy;
    private double sumPolicyLoss;
    private double sumValueLoss;

    /** Partition-local: the sums for one partition's samples under {@code net}. */
    public static TrainingDiagnostics measure(ComputationGraph net, TrainingSamples s, double clipRange,
                                              boolean normalizeAdvantages) {
        TrainingDiagnostics d = new TrainingDiagnostics();
        int[] order = TrainingDataLayout.inOrder(s.count());
        INDArray[] out = net.output(false, TrainingDataLayout.observations(s, order, 0, s.count()));
        double[] logits = FlatArrays.rowMajor(out[0]);
        double[] values = FlatArrays.rowMajor(out[1]);
        double[] rowLogits = new double[s.numActions()];
        double[] advantages = s.advantages().clone();
        if (normalizeAdvantages) {
            AdvantageNormalization.normalizeInPlace(advantages, 1e-8);
        }
        double[] logProbs = new double[s.numActions()];
        for (int k = 0; k < s.count(); k++) {
            System.arraycopy(logits, k * s.numActions(), rowLogits, 0, s.numActions());
            Categorical.logSoftmax(rowLogits, logProbs);
            double logRatio = logProbs[s.actions()[k]] - s.logProbs()[k];
            double ratio = Math.exp(logRatio);
            d.n++;
            d.sumApproxKl += (ratio - 1) - logRatio;
            if (Math.abs(ratio - 1) > clipRange) {
                d.clipped++;
            }
            d.sumEntropy += Categorical.entropy(logProbs);
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
        clipped += o.clipped;
        sumEntropy += o.sumEntropy;
        sumPolicyLoss += o.sumPolicyLoss;
        sumValueLoss += o.sumValueLoss;
    }

    public double approxKl() {
        return sumApproxKl / n;
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
