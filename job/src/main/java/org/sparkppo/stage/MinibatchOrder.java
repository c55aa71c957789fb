package org.sparkppo.stage;

import org.sparkppo.seed.SplitMix64;

/**
 * An epoch's training order over a partition's samples: a Fisher-Yates permutation drawn from the
 * stream (seed, iteration, epoch, partition), cut into consecutive minibatches.
 */
final class MinibatchOrder {

    private MinibatchOrder() {
    }

    /**
     * A recurrent policy's epoch order: its sequences in a Fisher-Yates permutation drawn from
     * {@code rng}, each expanded into its samples in time order, so that every minibatch of a multiple
     * of the sequence length holds whole sequences.
     */
    static int[] sequences(RecurrentSamples recurrent, SplitMix64 rng) {
        int length = recurrent.sequenceLength();
        int[] sequences = shuffled(recurrent.sequences(), rng);
        int[] order = new int[sequences.length * length];
        for (int s = 0; s < sequences.length; s++) {
            for (int u = 0; u < length; u++) {
                order[s * length + u] = recurrent.sample(sequences[s], u);
            }
        }
        return order;
    }

    static int[] shuffled(int count, SplitMix64 rng) {
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
