package org.sparkppo.sync;

import org.sparkppo.channel.AggregationClient;

/**
 * {@code training.sync = parameter-averaging}, the design card's mode with DL4J's rule: every
 * partition takes its own clipped Adam steps on its own minibatches, and every
 * {@code averagingFrequency} steps (by default once per epoch) the replicas' parameters and Adam
 * state are replaced by their mean over the partitions, summed in partition order.
 */
public final class PeriodicAveraging extends ChannelSync {
    private final int averagingFrequency;
    private final int numPartitions;
    private int stepsSinceAverage;

    public PeriodicAveraging(AggregationClient channel, int averagingFrequency, int numPartitions) {
        super(channel);
        this.averagingFrequency = averagingFrequency;
        this.numPartitions = numPartitions;
    }

    @Override
    public void step(Replica replica, MinibatchGradient gradient) {
        replica.step(gradient.summed(), gradient.examples());
        if (++stepsSinceAverage == averagingFrequency) {
            double[] mean = sumOverPartitions(replica.parametersAndAdamState());
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= numPartitions;
            }
            replica.assign(mean);
            stepsSinceAverage = 0;
        }
    }
}
