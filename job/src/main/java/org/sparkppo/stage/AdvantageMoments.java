package org.sparkppo.stage;

import java.io.Serializable;

/**
 * Count, sum and sum of squares of advantages: partitions send theirs through the run's channel,
 * whose partition-order sum gives the batch's mean and unbiased standard deviation for batch-scope
 * advantage normalization.
 */
public final class AdvantageMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private long count;
    private double sum;
    private double sumOfSquares;

    public static AdvantageMoments of(double[] advantages) {
        AdvantageMoments m = new AdvantageMoments();
        for (double a : advantages) {
            m.count++;
            m.sum += a;
            m.sumOfSquares += a * a;
        }
        return m;
    }

    /** {@code [count, sum, sum of squares]}: the payload summed over partitions. */
    public double[] toArray() {
        return new double[] {count, sum, sumOfSquares};
    }

    /** The moments a partition-order sum of {@link #toArray()} payloads describes. */
    public static AdvantageMoments fromArray(double[] sums) {
        AdvantageMoments m = new AdvantageMoments();
        m.count = (long) sums[0];
        m.sum = sums[1];
        m.sumOfSquares = sums[2];
        return m;
    }

    public double mean() {
        return sum / count;
    }

    /** Unbiased standard deviation, as {@link org.sparkppo.loss.AdvantageNormalization}. */
    public double std() {
        if (count < 2) {
            return 0;
        }
        double mean = mean();
        return Math.sqrt(Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1)));
    }
}
