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
        int[] order = shuffledOrder(samples.count(), SeedDerivation.stream(seed,
                SeedDerivation.Purpose.MINIBATCH_SHUFFLE, iteration, epoch, samples.partition()));
        List<MultiDataSet> minibatches = new ArrayList<>();
        for (int from = 0; from < samples.count(); from += minibatchSize) {
            minibatches.add(TrainingDataLayout.minibatch(normalized, order, from, from + minibatchSize,
                    coefficients.clipRange(), coefficients.klCoef()));
        }
        return minibatches;
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
