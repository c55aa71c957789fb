package org.sparkppo.stage;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.model.Minibatch;
import org.sparkppo.policy.ActionDistribution;

/**
 * Partition-local: a partition's samples packed once per iteration in {@link TrainingDataLayout}'s
 * rows (features, policy labels with this iteration's ε and β, value labels), from which each
 * minibatch is gathered by row into arrays allocated once.
 */
public final class PackedSamples {
    private final int count;
    private final int observationDim;
    private final int policyWidth;
    private final double[] features;
    private final double[] policyLabels;
    private final double[] valueLabels;
    private final int minibatchSize;
    private final double[] minibatchFeatures;
    private final double[] minibatchPolicy;
    private final double[] minibatchValue;
    private final RecurrentSamples recurrent;
    private final boolean[] minibatchEpisodeStarts;
    private final double[] minibatchStates;

    /**
     * @param samples        the partition's samples, advantages already transformed for the batch scope
     * @param minibatchSize  rows per minibatch
     */
    public PackedSamples(TrainingSamples samples, double clipRange, double klCoef, int minibatchSize) {
        ActionDistribution dist = samples.distribution();
        TrainingDataLayout.PolicyColumns c = TrainingDataLayout.policyColumns(dist, samples.actionMasks() != null);
        this.count = samples.count();
        this.observationDim = samples.observationDim();
        this.policyWidth = c.width();
        this.minibatchSize = minibatchSize;
        this.features = new double[count * observationDim];
        for (int j = 0; j < features.length; j++) {
            features[j] = samples.observations()[j];
        }
        this.policyLabels = new double[count * policyWidth];
        this.valueLabels = new double[count * 2];
        int aw = dist.actionWidth();
        int pw = dist.paramWidth();
        for (int k = 0; k < count; k++) {
            int row = k * policyWidth;
            for (int j = 0; j < aw; j++) {
                policyLabels[row + j] = samples.actions()[k * aw + j];
            }
            policyLabels[row + c.advantage()] = samples.advantages()[k];
            policyLabels[row + c.oldLogProb()] = samples.logProbs()[k];
            policyLabels[row + c.clipRange()] = clipRange;
            policyLabels[row + c.klCoef()] = klCoef;
            System.arraycopy(samples.distributionParams(), k * pw, policyLabels, row + c.oldParams(), pw);
            for (int j = 0; j < c.actionMaskWidth(); j++) {
                policyLabels[row + c.actionMask() + j] = samples.actionMasks()[k * pw + j] ? 1 : 0;
            }
            valueLabels[k * 2 + TrainingDataLayout.RETURN_COLUMN] = samples.returns()[k];
            valueLabels[k * 2 + TrainingDataLayout.OLD_VALUE_COLUMN] = samples.values()[k];
        }
        this.minibatchFeatures = new double[minibatchSize * observationDim];
        this.minibatchPolicy = new double[minibatchSize * policyWidth];
        this.minibatchValue = new double[minibatchSize * 2];
        this.recurrent = samples.recurrent();
        this.minibatchEpisodeStarts = recurrent == null ? null : new boolean[minibatchSize];
        this.minibatchStates = recurrent == null ? null
                : new double[minibatchSize / recurrent.sequenceLength() * recurrent.stateWidth()];
    }

    public int count() {
        return count;
    }

    /**
     * Minibatch {@code index} of an epoch's {@code order}: rows {@code order[index·m .. (index+1)·m)},
     * in arrays that the next call overwrites; for a recurrent policy with its sequences' stored
     * states and episode starts ({@code order} then lists whole sequences, {@link MinibatchOrder#sequences}).
     */
    public Minibatch gather(int[] order, int index) {
        int from = index * minibatchSize;
        for (int r = 0; r < minibatchSize; r++) {
            int k = order[from + r];
            System.arraycopy(features, k * observationDim, minibatchFeatures, r * observationDim, observationDim);
            System.arraycopy(policyLabels, k * policyWidth, minibatchPolicy, r * policyWidth, policyWidth);
            System.arraycopy(valueLabels, k * 2, minibatchValue, r * 2, 2);
        }
        if (recurrent == null) {
            return new Minibatch(minibatchFeatures, minibatchPolicy, policyWidth, minibatchValue, minibatchSize, null);
        }
        int length = recurrent.sequenceLength();
        int width = recurrent.stateWidth();
        for (int r = 0; r < minibatchSize; r++) {
            int k = order[from + r];
            minibatchEpisodeStarts[r] = recurrent.episodeStart(k);
            if (r % length == 0) {
                System.arraycopy(recurrent.sequenceStates(), recurrent.sequenceOf(k) * width, minibatchStates,
                        r / length * width, width);
            }
        }
        return new Minibatch(minibatchFeatures, minibatchPolicy, policyWidth, minibatchValue, minibatchSize,
                new Minibatch.Sequences(length, minibatchEpisodeStarts, minibatchStates));
    }

    /** {@link #gather}'s minibatch as a DL4J {@code MultiDataSet} of its own arrays, for DL4J's back-propagation. */
    public MultiDataSet minibatch(int[] order, int index) {
        gather(order, index);
        INDArray[] in = {Nd4j.create(minibatchFeatures, new long[] {minibatchSize, observationDim}, DataType.DOUBLE)};
        INDArray[] labels = {
            Nd4j.create(minibatchPolicy, new long[] {minibatchSize, policyWidth}, DataType.DOUBLE),
            Nd4j.create(minibatchValue, new long[] {minibatchSize, 2}, DataType.DOUBLE)
        };
        return new org.nd4j.linalg.dataset.MultiDataSet(in, labels);
    }
}
