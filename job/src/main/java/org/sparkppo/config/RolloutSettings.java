package org.sparkppo.config;

/**
 * @param numPartitions    environment partitions: Spark tasks per rollout
 * @param envsPerPartition environments stepped together in one partition (SB3/CleanRL {@code n_envs}/{@code num_envs}
 *                         is {@code numPartitions × envsPerPartition})
 * @param numSteps         steps per environment per iteration (SB3 {@code n_steps}, CleanRL {@code num_steps})
 */
public record RolloutSettings(int numPartitions, int envsPerPartition, int numSteps) {

    /** Samples one partition collects per iteration. */
    public int samplesPerPartition() {
        return envsPerPartition * numSteps;
    }

    /** Samples per iteration over all partitions (CleanRL {@code batch_size}). */
    public int batchSize() {
        return numPartitions * samplesPerPartition();
    }
}
