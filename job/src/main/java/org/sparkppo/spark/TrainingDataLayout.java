package org.sparkppo.spark;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place that defines how training samples become DL4J {@code MultiDataSet}s for the
 * actor-critic graph and its custom losses:
 *
 * <pre>
 *   features[0] = observations                       [m, obsDim]
 *   labels[0]   = [onehot(action), advantage, log π_old(a|s)]   [m, numActions + 2]  → PpoPolicyLoss
 *   labels[1]   = [return, V_old(s)]                            [m, 2]               → PpoValueLoss
 * </pre>
 *
 * Everything is double precision, so old log-probabilities reach the loss exactly as the rollout
 * computed them.
 */
public final class TrainingDataLayout {
    public static final int ADVANTAGE_OFFSET = 0;
    public static final int OLD_LOG_PROB_OFFSET = 1;
    public static final int RETURN_COLUMN = 0;
    public static final int OLD_VALUE_COLUMN = 1;

    private TrainingDataLayout() {
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

    /** The minibatch of samples {@code order[from .. to)}. */
    public static MultiDataSet minibatch(TrainingSamples s, int[] order, int from, int to) {
        int m = to - from;
        int a = s.numActions();
        double[] policy = new double[m * (a + 2)];
        double[] value = new double[m * 2];
        for (int r = 0; r < m; r++) {
            int k = order[from + r];
            int row = r * (a + 2);
            policy[row + s.actions()[k]] = 1.0;
            policy[row + a + ADVANTAGE_OFFSET] = s.advantages()[k];
            policy[row + a + OLD_LOG_PROB_OFFSET] = s.logProbs()[k];
            value[r * 2 + RETURN_COLUMN] = s.returns()[k];
            value[r * 2 + OLD_VALUE_COLUMN] = s.values()[k];
        }
        INDArray[] features = {observations(s, order, from, to)};
        INDArray[] labels = {
            Nd4j.create(policy, new long[] {m, a + 2}, DataType.DOUBLE),
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
