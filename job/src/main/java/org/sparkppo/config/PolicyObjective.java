package org.sparkppo.config;

/**
 * Which surrogate the policy loss maximizes (PPO paper, Schulman et al. 2017; seeds 000 and 001):
 * <ul>
 *   <li>{@code clip}: L^CLIP = E[min(r Â, clip(r, 1−ε, 1+ε) Â)] (eq. 7);</li>
 *   <li>{@code kl-penalty}: L^KLPEN = E[r Â − β KL(π_old(·|s) ‖ π_θ(·|s))] (eq. 8), β adapted after
 *       every iteration; with β = 0 it is the plain importance-sampled policy gradient surrogate
 *       (A2C's loss when K = 1);</li>
 *   <li>{@code clip+kl}: L^CLIP − β KL, the combination the paper's Section 4 also mentions.</li>
 * </ul>
 */
public enum PolicyObjective implements ConfigChoice {
    CLIP("clip", true, false),
    KL_PENALTY("kl-penalty", false, true),
    CLIP_KL("clip+kl", true, true);

    private final String configName;
    private final boolean clipped;
    private final boolean penalized;

    PolicyObjective(String configName, boolean clipped, boolean penalized) {
        this.configName = configName;
        this.clipped = clipped;
        this.penalized = penalized;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** Whether the ratio is clipped to [1−ε, 1+ε]. */
    public boolean clipped() {
        return clipped;
    }

    /** Whether β·KL(π_old‖π_θ) is subtracted (and β adapted). */
    public boolean penalized() {
        return penalized;
    }

    /** The {@code training.*} value named {@code name}, or a bad-input error naming {@code key}. */
    public static PolicyObjective parse(String key, String name) {
        return ConfigChoice.parse(key, name, values());
    }
}
