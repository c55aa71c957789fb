package org.sparkppo.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.seed.SplitMix64;

/**
 * Partition-local: one PPO epoch's minibatches of a partition's cached samples, in an order
 * shuffled by the stream (seed, iteration, epoch, partition): a Fisher-Yates permutation cut into
 * consecutive minibatches of {@code minibatchSize}, labelled with the iteration's clip range and KL
 * coefficient (see {@link TrainingDataLayout}).
 */
public final class EpochMinibatches implements FlatMapFunction<Iterator<TrainingSamples>, MultiDataSet> {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final int iteration;
    private final int epoch;
    private final int minibatchSize;
    private final IterationCoefficients coefficients;

    public EpochMinibatches(long seed, int iteration, int epoch, int minibatchSize, IterationCoefficients coefficients) {
        this.seed = seed;
        this.iteration = iteration;
        this.epoch = epoch;
        this.minibatchSize = minibatchSize;
        this.coefficients = coefficients;
    }

    @Override
    public Iterator<MultiDataSet> call(Iterator<TrainingSamples> partitionSamples) {
        List<MultiDataSet> minibatches = new ArrayList<>();
        while (partitionSamples.hasNext()) {
            minibatches.addAll(minibatches(partitionSamples.next()));
        }
        return minibatches.iterator();
    }

    /** The epoch's minibatches of one partition's samples, in training order. */
    public List<MultiDataSet> minibatches(TrainingSamples samples) {
        TrainingSamples normalized = coefficients.advantageTransform().applyTo(samples);
        int[] order = order(samples);
        List<MultiDataSet> minibatches = new ArrayList<>();
        for (int index = 0; index < samples.count() / minibatchSize; index++) {
            minibatches.add(slice(normalized, order, index));
        }
        return minibatches;
    }

    /** Minibatch {@code index} of the epoch's training order alone: {@code minibatches(samples).get(index)}. */
    public MultiDataSet minibatch(TrainingSamples samples, int index) {
        return slice(coefficients.advantageTransform().applyTo(samples), order(samples), index);
    }

    private int[] order(TrainingSamples samples) {
        return shuffledOrder(samples.count(), SeedDerivation.stream(seed, SeedDerivation.Purpose.MINIBATCH_SHUFFLE,
                iteration, epoch, samples.partition()));
    }

    private MultiDataSet slice(TrainingSamples normalized, int[] order, int index) {
        int from = index * minibatchSize;
        return TrainingDataLayout.minibatch(normalized, order, from, from + minibatchSize, coefficients.clipRange(),
                coefficients.klCoef());
    }

    static int[] shuffledOrder(int count, SplitMix64 rng) {
        int[] order = TrainingDataLayout.inOrder(count);
        for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
