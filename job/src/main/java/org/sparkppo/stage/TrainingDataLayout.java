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
 *   labels[0]   = [action (aw), Â, log π_old(a|s), ε, β, old distribution (pw)]      → PpoPolicyLoss
 *   labels[1]   = [return, V_old(s)]                                                [m, 2] → PpoValueLoss
 * </pre>
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
    public record PolicyColumns(int advantage, int oldLogProb, int clipRange, int klCoef, int oldParams, int width) {
    }

    public static PolicyColumns policyColumns(ActionDistribution dist) {
        int a = dist.actionWidth();
        return new PolicyColumns(a, a + 1, a + 2, a + 3, a + 4, a + 4 + dist.paramWidth());
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
