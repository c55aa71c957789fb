package org.sparkppo.spark;

import java.io.Serializable;

/**
 * Count, sum and sum of squares of advantages: partitions report theirs, the driver merges them
 * in partition order into the batch's mean and unbiased standard deviation for batch-scope
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

    public void merge(AdvantageMoments o) {
        count += o.count;
        sum += o.sum;
        sumOfSquares += o.sumOfSquares;
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
