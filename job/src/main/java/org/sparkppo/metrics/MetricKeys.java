package org.sparkppo.metrics;

import java.util.List;

/** Metric names, as SB3 logs them (RLlib's rule: constants, never inline strings). */
public final class MetricKeys {
    public static final String ITERATION = "time/iterations";
    public static final String TOTAL_TIMESTEPS = "time/total_timesteps";
    public static final String FPS = "time/fps";
    public static final String TIME_ELAPSED = "time/time_elapsed";
    public static final String ROLLOUT_SECONDS = "time/rollout_s";
    public static final String TRAIN_SECONDS = "time/train_s";
    public static final String STAGE_OVERHEAD_SECONDS = "time/stage_overhead_s";
    public static final String EP_REW_MEAN = "rollout/ep_rew_mean";
    public static final String EP_REW_MEAN_20 = "rollout/ep_rew_mean_20";
    public static final String EP_LEN_MEAN = "rollout/ep_len_mean";
    public static final String EPISODES = "rollout/episodes";
    public static final String APPROX_KL = "train/approx_kl";
    public static final String CLIP_FRACTION = "train/clip_fraction";
    public static final String ENTROPY_LOSS = "train/entropy_loss";
    public static final String POLICY_GRADIENT_LOSS = "train/policy_gradient_loss";
    public static final String VALUE_LOSS = "train/value_loss";
    public static final String EXPLAINED_VARIANCE = "train/explained_variance";
    public static final String LEARNING_RATE = "train/learning_rate";
    public static final String LOSS = "train/loss";
    public static final String CLIP_RANGE = "train/clip_range";
    public static final String KL = "train/kl";
    public static final String KL_COEF = "train/kl_coef";
    public static final String EPOCHS = "train/n_epochs";
    public static final String EVAL_MEAN_REWARD = "eval/mean_reward";

    /** Column order of {@code metrics.csv}. */
    public static final List<String> ALL = List.of(ITERATION, TOTAL_TIMESTEPS, FPS, TIME_ELAPSED, ROLLOUT_SECONDS,
            TRAIN_SECONDS, STAGE_OVERHEAD_SECONDS, EP_REW_MEAN, EP_REW_MEAN_20, EP_LEN_MEAN, EPISODES, APPROX_KL,
            CLIP_FRACTION, ENTROPY_LOSS, POLICY_GRADIENT_LOSS, VALUE_LOSS, EXPLAINED_VARIANCE, LEARNING_RATE, LOSS,
            CLIP_RANGE, KL, KL_COEF, EPOCHS, EVAL_MEAN_REWARD);

    private MetricKeys() {
    }
}
