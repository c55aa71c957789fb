package org.sparkppo.config;

/**
 * How the driver turns the partitions' work into one network each PPO step ({@code training.sync}):
 * <ul>
 *   <li>{@code parameter-averaging} (the design card's mode, default): every partition runs its own
 *       minibatch steps from the broadcast parameters and Adam state, and the driver averages both
 *       every {@code training.averagingFrequency} minibatches (DL4J parameter averaging);</li>
 *   <li>{@code gradient}: exact synchronous PPO. For every minibatch each partition computes the
 *       gradient of its share at the current parameters, the driver sums the shares and makes one
 *       Adam step with one optimizer state: single-learner PPO on minibatches of
 *       {@code numPartitions × minibatchSize} samples, distributed.</li>
 * </ul>
 */
public enum SyncMode implements ConfigChoice {
    PARAMETER_AVERAGING("parameter-averaging"),
    GRADIENT("gradient");

    private final String configName;

    SyncMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The {@code training.*} value named {@code name}, or a bad-input error naming {@code key}. */
    public static SyncMode parse(String key, String name) {
        return ConfigChoice.parse(key, name, values());
    }
}
