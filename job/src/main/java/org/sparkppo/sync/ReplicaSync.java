package org.sparkppo.sync;

/**
 * Partition-local: how the replicas of one iteration's stage stay a single learner
 * ({@code training.sync}). The three modes share the stage; only what crosses the run's aggregation
 * channel per round, and what is done with the sum, differ:
 * <ul>
 *   <li>{@link GradientAllReduce}: every minibatch, the partitions' summed gradients;</li>
 *   <li>{@link PeriodicAveraging}: every {@code averagingFrequency} local steps, parameters and Adam state;</li>
 *   <li>{@link LocalUpdates}: nothing (the driver averages the replicas once the stage ends).</li>
 * </ul>
 */
public interface ReplicaSync extends AutoCloseable {

    /** Applies one minibatch's gradient of this partition to the replica. */
    void step(Replica replica, MinibatchGradient gradient);

    /**
     * The element-wise sum of {@code local} over the stage's partitions, in partition order; with
     * {@link LocalUpdates}, {@code local} itself.
     */
    double[] sumOverPartitions(double[] local);

    /** Closes the channel connection, if any. */
    @Override
    void close();
}
