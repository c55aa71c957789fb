package org.sparkppo.config;

/**
 * How the partitions' replicas of an iteration's stage make one learner ({@code training.sync}):
 * <ul>
 *   <li>{@code parameter-averaging} (the design card's mode, default): every partition takes its own
 *       minibatch steps, and every {@code training.averagingFrequency} minibatches (by default once
 *       per epoch) the replicas' parameters and Adam state are replaced by their mean (DL4J's rule),
 *       over the run's channel inside the stage;</li>
 *   <li>{@code gradient}: exact synchronous PPO. For every minibatch the partitions' gradients are
 *       summed over the channel and every replica takes the same Adam step: single-learner PPO on
 *       minibatches of {@code numPartitions × minibatchSize} samples, distributed;</li>
 *   <li>{@code iteration-averaging}: parameter averaging once, when the stage ends, on the driver.
 *       No synchronization inside the stage, so no barrier: more partitions than task slots run in
 *       waves.</li>
 * </ul>
 */
public enum SyncMode implements ConfigChoice {
    PARAMETER_AVERAGING("parameter-averaging"),
    GRADIENT("gradient"),
    ITERATION_AVERAGING("iteration-averaging");

    private final String configName;

    SyncMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** Whether the partitions exchange data during the stage, so that it must run in barrier mode. */
    public boolean synchronizesInsideStage() {
        return this != ITERATION_AVERAGING;
    }

    /** The {@code training.*} value named {@code name}, or a bad-input error naming {@code key}. */
    public static SyncMode parse(String key, String name) {
        return ConfigChoice.parse(key, name, values());
    }
}
