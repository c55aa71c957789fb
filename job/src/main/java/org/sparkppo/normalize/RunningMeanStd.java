package org.sparkppo.normalize;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Running mean and (population) variance of a vector quantity, as SB3's {@code RunningMeanStd}:
 * starts at mean 0, variance 1, count 1e-4, and absorbs batches with the parallel-variance formula
 * (Chan, Golub & LeVeque 1979):
 * <pre>
 *   δ = μ_B − μ_A,  n = n_A + n_B
 *   μ = μ_A + δ n_B / n
 *   M2 = var_A n_A + var_B n_B + δ² n_A n_B / n,   var = M2 / n
 * </pre>
 * Partitions measure their own batch ({@link #ofBatch}); the driver merges them in partition order,
 * so the result does not depend on which executor ran what.
 */
public final class RunningMeanStd implements Serializable {
    private static final long serialVersionUID = 1L;
    /** SB3's initial count, which keeps the first update from dividing by zero. */
    public static final double INITIAL_COUNT = 1e-4;

    private double count;
    private final double[] mean;
    private final double[] var;

    public RunningMeanStd(double count, double[] mean, double[] var) {
        if (mean.length != var.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " entries, var " + var.length);
        }
        this.count = count;
        this.mean = mean.clone();
        this.var = var.clone();
    }

    /** The initial statistics of a {@code dim}-vector: mean 0, variance 1, count 1e-4. */
    public static RunningMeanStd initial(int dim) {
        double[] ones = new double[dim];
        Arrays.fill(ones, 1.0);
        return new RunningMeanStd(INITIAL_COUNT, new double[dim], ones);
    }

    /** Mean and population variance of {@code rows} rows of {@code dim} values. */
    public static RunningMeanStd ofBatch(float[] values, int rows, int dim) {
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += values[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                double d = values[r * dim + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < dim; j++) {
            var[j] /= rows;
        }
        return new RunningMeanStd(rows, mean, var);
    }

    /** Mean and population variance of scalar values. */
    public static RunningMeanStd ofScalars(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new RunningMeanStd(values.length, new double[] {mean}, new double[] {var / values.length});
    }

    /** Absorbs {@code batch} (parallel-variance formula). */
    public void merge(RunningMeanStd batch) {
        if (batch.count == 0) {
            return;
        }
        double total = count + batch.count;
        for (int j = 0; j < mean.length; j++) {
            double delta = batch.mean[j] - mean[j];
            double m2 = var[j] * count + batch.var[j] * batch.count + delta * delta * count * batch.count / total;
            mean[j] += delta * batch.count / total;
            var[j] = m2 / total;
        }
        count = total;
    }

    public RunningMeanStd copy() {
        return new RunningMeanStd(count, mean, var);
    }

    public double count() {
        return count;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] var() {
        return var.clone();
    }

    double meanAt(int j) {
        return mean[j];
    }

    double varAt(int j) {
        return var[j];
    }

    public int dim() {
        return mean.length;
    }
}
