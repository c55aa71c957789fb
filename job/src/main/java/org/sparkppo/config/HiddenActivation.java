package org.sparkppo.config;

/**
 * The activation of the hidden dense layers ({@code model.activation}): tanh (CleanRL's and SB3's
 * default for PPO) or ReLU (what the RL Baselines3 Zoo tunes some policies with, e.g. its recurrent
 * PPO on CartPoleNoVel-v1).
 */
public enum HiddenActivation implements ConfigChoice {
    TANH("tanh"), RELU("relu");

    private final String configName;

    HiddenActivation(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The {@code model.activation} value named {@code name}, or a bad-input error naming {@code key}. */
    public static HiddenActivation parse(String key, String name) {
        return ConfigChoice.parse(key, name, values());
    }
}
