package org.sparkppo.spark;

import java.io.Serializable;

/**
 * What one partition sends the driver per minibatch under {@code training.sync = gradient}: the
 * loss gradient summed over its {@code examples}, and their mean loss.
 */
public final class PartitionGradient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final double[] summedGradient;
    private final double meanLoss;
    private final int examples;

    public PartitionGradient(int partition, double[] summedGradient, double meanLoss, int examples) {
        this.partition = partition;
        this.summedGradient = summedGradient;
        this.meanLoss = meanLoss;
        this.examples = examples;
    }

    public int partition() {
        return partition;
    }

    public double[] summedGradient() {
        return summedGradient;
    }

    public double meanLoss() {
        return meanLoss;
    }

    public int examples() {
        return examples;
    }
}
