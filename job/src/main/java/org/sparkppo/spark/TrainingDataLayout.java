package org.sparkppo.spark;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.policy.ActionDistribution;

/**
 * The one place that defines how training samples become DL4J {@code MultiDataSet}s for the
 * actor-critic graph and its custom losses ({@code aw} = action width, {@code pw} = width of the
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

    /** Observation rows {@code order[from .. to)} as a {@code [m, obsDim]} double matrix. */
    public static INDArray observations(TrainingSamples s, int[] order, int from, int to) {
        int m = to - from;
        int d = s.observationDim();
        double[] data = new double[m * d];
        for (int r = 0; r < m; r++) {
            int k = order[from + r];
            for (int j = 0; j < d; j++) {
                data[r * d + j] = s.observations()[k * d + j];
            }
        }
        return Nd4j.create(data, new long[] {m, d}, DataType.DOUBLE);
    }

    /** The minibatch of samples {@code order[from .. to)} with this iteration's clip range and KL coefficient. */
    public static MultiDataSet minibatch(TrainingSamples s, int[] order, int from, int to, double clipRange,
                                         double klCoef) {
        int m = to - from;
        ActionDistribution dist = s.distribution();
        PolicyColumns c = policyColumns(dist);
        int aw = dist.actionWidth();
        int pw = dist.paramWidth();
        double[] policy = new double[m * c.width()];
        double[] value = new double[m * 2];
        for (int r = 0; r < m; r++) {
            int k = order[from + r];
            int row = r * c.width();
            for (int j = 0; j < aw; j++) {
                policy[row + j] = s.actions()[k * aw + j];
            }
            policy[row + c.advantage()] = s.advantages()[k];
            policy[row + c.oldLogProb()] = s.logProbs()[k];
            policy[row + c.clipRange()] = clipRange;
            policy[row + c.klCoef()] = klCoef;
            System.arraycopy(s.distributionParams(), k * pw, policy, row + c.oldParams(), pw);
            value[r * 2 + RETURN_COLUMN] = s.returns()[k];
            value[r * 2 + OLD_VALUE_COLUMN] = s.values()[k];
        }
        INDArray[] features = {observations(s, order, from, to)};
        INDArray[] labels = {
            Nd4j.create(policy, new long[] {m, c.width()}, DataType.DOUBLE),
            Nd4j.create(value, new long[] {m, 2}, DataType.DOUBLE)
        };
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labels);
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
