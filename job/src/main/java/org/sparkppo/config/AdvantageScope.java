package org.sparkppo.config;

import java.util.Arrays;

/**
 * Over which samples advantages are normalized to mean 0 and standard deviation 1 (PPO paper's
 * implementations; CleanRL and SB3 normalize per minibatch; seed 002's "advantage normalization"):
 * each minibatch inside the loss, each partition's rollout after GAE, or the whole iteration's
 * batch over all partitions (the moments are merged on the driver); {@code off} leaves them raw.
 */
public enum AdvantageScope {
    MINIBATCH("minibatch"), PARTITION("partition"), BATCH("batch"), OFF("off");

    private final String configName;

    AdvantageScope(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static AdvantageScope parse(String key, String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst()
                .orElseThrow(() -> new BadInputException(key + ": expected one of " + Arrays.stream(values())
                        .map(s -> "'" + s.configName + "'").toList() + ", found '" + name + "'"));
    }
}
