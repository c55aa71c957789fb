package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SeedDerivation;

/** Each epoch's order is a permutation that depends only on (seed, iteration, epoch, partition). */
class MinibatchOrderTest {

    private static int[] order(long seed, int iteration, int epoch, int partition) {
        return MinibatchOrder.shuffled(512, SeedDerivation.stream(seed,
                SeedDerivation.Purpose.MINIBATCH_SHUFFLE, iteration, epoch, partition));
    }

    @Test
    void orderIsAPermutation() {
        int[] sorted = order(3, 1, 1, 0).clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void orderIsDeterministicAndDiffersAcrossEpochsAndPartitions() {
        assertArrayEquals(order(3, 2, 1, 0), order(3, 2, 1, 0));
        assertFalse(Arrays.equals(order(3, 2, 1, 0), order(3, 2, 2, 0)));
        assertFalse(Arrays.equals(order(3, 2, 1, 0), order(3, 2, 1, 1)));
        assertFalse(Arrays.equals(order(3, 2, 1, 0), order(4, 2, 1, 0)));
    }
}
