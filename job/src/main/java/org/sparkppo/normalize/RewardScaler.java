package org.sparkppo.normalize;

import java.io.Serializable;

/**
 * Reward scaling by the running standard deviation of the discounted return (SB3's
 * {@code VecNormalize} with {@code norm_reward}; Engstrom et al. 2020, "Implementation Matters",
 * Section 3): each environment keeps {@code R ← γ R + r} (reset to 0 when its episode ends), the
 * statistics of R are tracked, and the reward the learner sees is
 * {@code clip(r / sqrt(var(R) + 1e-8), −c, c)}. The statistics are frozen for one iteration.
 */
public final class RewardScaler implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double EPS = 1e-8;

    private final double scale;
    private final double clip;

    private RewardScaler(double scale, double clip) {
        this.scale = scale;
        this.clip = clip;
    }

    /** Leaves rewards as they are. */
    public static RewardScaler identity() {
        return new RewardScaler(1.0, Double.POSITIVE_INFINITY);
    }

    public boolean enabled() {
        return clip != Double.POSITIVE_INFINITY;
    }

    public static RewardScaler of(RunningMeanStd returnStats, double clip) {
        return new RewardScaler(1.0 / Math.sqrt(returnStats.var()[0] + EPS), clip);
    }

    public double scale(double reward) {
        return Math.min(Math.max(reward * scale, -clip), clip);
    }
}
