package org.sparkppo.config;

/**
 * Over which samples advantages are normalized to mean 0 and standard deviation 1 (PPO paper's
 * implementations; CleanRL and SB3 normalize per minibatch; seed 002's "advantage normalization"):
 * each minibatch inside the loss, each partition's rollout after GAE, or the whole iteration's
 * batch over all partitions (the moments are merged on the driver); {@code off} leaves them raw.
 */
public enum AdvantageScope implements ConfigChoice {
    MINIBATCH("minibatch"), PARTITION("partition"), BATCH("batch"), OFF("off");

    private final String configName;

    AdvantageScope(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The {@code training.*} value named {@code name}, or a bad-input error naming {@code key}. */
    public static AdvantageScope parse(String key, String name) {
        return ConfigChoice.parse(key, name, values());
    }
}
