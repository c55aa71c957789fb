package org.sparkppo.stage;

import org.sparkppo.seed.SplitMix64;

/**
 * An epoch's training order over a partition's samples: a Fisher-Yates permutation drawn from the
 * stream (seed, iteration, epoch, partition), cut into consecutive minibatches.
 */
final class MinibatchOrder {

    private MinibatchOrder() {
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
