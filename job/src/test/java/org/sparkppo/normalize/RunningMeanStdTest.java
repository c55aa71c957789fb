package org.sparkppo.normalize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SplitMix64;

/** The parallel-variance merge equals the statistics of all the data at once, and the normalizers apply them. */
class RunningMeanStdTest {

    @Test
    void mergingPartitionBatchesEqualsOneBatchOfEverything() {
        SplitMix64 rng = new SplitMix64(5);
        int dim = 3;
        float[][] parts = new float[4][];
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            int rows = 50 + 37 * p;
            parts[p] = new float[rows * dim];
            for (int k = 0; k < parts[p].length; k++) {
                parts[p][k] = (float) (rng.nextGaussian() * (1 + k % dim) + 3 * p);
            }
            total += rows;
        }
        float[] all = new float[total * dim];
        int offset = 0;
        RunningMeanStd merged = new RunningMeanStd(0, new double[dim], new double[dim]);
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
            merged.merge(RunningMeanStd.ofBatch(part, part.length / dim, dim));
        }
        RunningMeanStd direct = RunningMeanStd.ofBatch(all, total, dim);
        assertEquals(direct.count(), merged.count(), 0.0);
        assertArrayEquals(direct.mean(), merged.mean(), 1e-12);
        assertArrayEquals(direct.var(), merged.var(), 1e-11);
    }

    @Test
    void initialStatisticsAreSb3sAndBarelyWeighTheFirstBatch() {
        RunningMeanStd stats = RunningMeanStd.initial(1);
        stats.merge(RunningMeanStd.ofScalars(new double[] {2, 4}));
        assertEquals(3.0, stats.mean()[0], 1e-3);
        assertEquals(1.0, stats.var()[0], 1e-3);
        assertEquals(2 + RunningMeanStd.INITIAL_COUNT, stats.count(), 1e-15);
    }

    @Test
    void observationsAreCenteredScaledAndClipped() {
        RunningMeanStd stats = new RunningMeanStd(10, new double[] {1, -2}, new double[] {4, 0.25});
        float[] out = ObservationNormalizer.of(stats, 10).apply(new float[] {3, -2, 1, 100}, 2);
        assertEquals(1.0f, out[0], 1e-6f);
        assertEquals(0.0f, out[1], 0f);
        assertEquals(0.0f, out[2], 0f);
        assertEquals(10.0f, out[3], 0f);
        float[] same = {5, 6};
        assertEquals(same, ObservationNormalizer.identity().apply(same, 1));
    }

    @Test
    void rewardsAreDividedByTheReturnStdAndClipped() {
        RewardScaler scaler = RewardScaler.of(new RunningMeanStd(10, new double[] {7}, new double[] {4}), 2);
        assertEquals(0.5, scaler.scale(1.0), 1e-8);
        assertEquals(-2.0, scaler.scale(-100.0), 0.0);
        assertEquals(123.0, RewardScaler.identity().scale(123.0), 0.0);
    }
}
