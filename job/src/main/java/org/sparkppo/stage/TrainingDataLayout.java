package org.sparkppo.stage;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.policy.ActionDistribution;

/**
 * The one place that defines how training samples become DL4J {@code MultiDataSet}s
 * ({@link PackedSamples}) for the actor-critic graph and its custom losses ({@code aw} = action width, {@code pw} = width of the
 * distribution parameters):
 *
 * <pre>
 *   features[0] = observations (normalized when the run normalizes them)            [m, obsDim]
 *   labels[0]   = [action (aw), Â, log π_old(a|s), ε, β, old distribution (pw), valid actions (pw)?]
 *                                                                                     → PpoPolicyLoss
 *   labels[1]   = [return, V_old(s)]                                                [m, 2] → PpoValueLoss
 * </pre>
 *
 * The valid-action columns (1 valid, 0 invalid, laid out as the logits: {@code org.sparkppo.policy.ActionMask})
 * are there only when the environment masks actions; the loss tells the two layouts apart by their
 * width. The old distribution is the rollout's, masked logits included, so the loss masks the current
 * logits with the same flags and sees exactly the distribution the action was sampled from.
 *
 * ε (the clip range of this iteration) and β (the KL coefficient of this iteration) are the same
 * in every row. Everything is double precision, so old log-probabilities reach the loss exactly as
 * the rollout computed them.
 */
public final class TrainingDataLayout {
    public static final int RETURN_COLUMN = 0;
    public static final int OLD_VALUE_COLUMN = 1;

    private TrainingDataLayout() {
    }

    /** Column offsets of the policy labels for a distribution. */
    public record PolicyColumns(int advantage, int oldLogProb, int clipRange, int klCoef, int oldParams,
                                int actionMask, int actionMaskWidth, int width) {
        public boolean masked() {
            return actionMaskWidth > 0;
        }
    }

    /** The columns without valid-action flags. */
    public static PolicyColumns policyColumns(ActionDistribution dist) {
        return policyColumns(dist, false);
    }

    /** The columns, with {@code paramWidth} valid-action flags when {@code masked}. */
    public static PolicyColumns policyColumns(ActionDistribution dist, boolean masked) {
        int a = dist.actionWidth();
        int pw = dist.paramWidth();
        int maskWidth = masked ? pw : 0;
        return new PolicyColumns(a, a + 1, a + 2, a + 3, a + 4, a + 4 + pw, maskWidth, a + 4 + pw + maskWidth);
    }

    /** The first {@code count} rows of an observation block as a {@code [count, obsDim]} double matrix. */
    public static INDArray observationBlock(float[] block, int count, int observationDim) {
        double[] data = new double[count * observationDim];
        for (int j = 0; j < data.length; j++) {
            data[j] = block[j];
        }
        return Nd4j.create(data, new long[] {count, observationDim}, DataType.DOUBLE);
    }

    /** The identity order {@code 0 .. count-1}. */
    public static int[] inOrder(int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        return order;
    }
}
