package org.sparkppo.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

/**
 * The whole, validated configuration of a run. Built only by {@link PpoConfigLoader}; derived
 * values are computed here, once.
 */
public record PpoConfig(String envId, RunSettings run, RolloutSettings rollout, TrainingSettings training,
                        NormalizeSettings normalize, ModelSettings model, String rendered) {

    /** Environment steps per iteration over all partitions. */
    public int batchSize() {
        return rollout.batchSize();
    }

    /** Whole iterations within {@code run.totalTimesteps}: the budget is never exceeded (CleanRL counts the same way). */
    public int numIterations() {
        return (int) (run.totalTimesteps() / batchSize());
    }

    /** Gradient steps per partition per epoch. */
    public int minibatchesPerPartition() {
        return rollout.samplesPerPartition() / training.minibatchSize();
    }

    /** Minibatches between two parameter averagings. */
    public int effectiveAveragingFrequency() {
        int f = training.averagingFrequency();
        return f == 0 ? minibatchesPerPartition() : f;
    }

    static String render(Config config) {
        return config.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                .setFormatted(true).setJson(false));
    }
}
