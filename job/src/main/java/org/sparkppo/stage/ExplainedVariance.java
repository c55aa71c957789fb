package org.sparkppo.stage;

import java.io.Serializable;

/**
 * Sufficient statistics of {@code 1 − Var(R − V) / Var(R)} (SB3's {@code explained_variance} of the
 * rollout's values against the GAE returns), mergeable across partitions in any order.
 */
public final class ExplainedVariance implements Serializable {
    private static final long serialVersionUID = 1L;

    private long n;
    private double sumReturns;
    private double sumSquaredReturns;
    private double sumResiduals;
    private double sumSquaredResiduals;

    public void add(double returnValue, double value) {
        double residual = returnValue - value;
        n++;
        sumReturns += returnValue;
        sumSquaredReturns += returnValue * returnValue;
        sumResiduals += residual;
        sumSquaredResiduals += residual * residual;
    }

    public void merge(ExplainedVariance other) {
        n += other.n;
        sumReturns += other.sumReturns;
        sumSquaredReturns += other.sumSquaredReturns;
        sumResiduals += other.sumResiduals;
        sumSquaredResiduals += other.sumSquaredResiduals;
    }

    /** NaN when the returns have no variance, as SB3. */
    public double value() {
        double varReturns = sumSquaredReturns / n - (sumReturns / n) * (sumReturns / n);
        double varResiduals = sumSquaredResiduals / n - (sumResiduals / n) * (sumResiduals / n);
        return varReturns == 0 ? Double.NaN : 1 - varResiduals / varReturns;
    }
}
