package org.sparkppo.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

/**
 * The whole, validated configuration of a run. Built only by {@link PpoConfigLoader}; derived
 * values are computed here, once.
 *
 * @param envStepTimeout seconds one step of an object-API environment may take before the run fails
 *                       ({@code env.stepTimeout}); 0 for no limit
 */
public record PpoConfig(String envId, double envStepTimeout, RunSettings run, RolloutSettings rollout, TrainingSettings training,
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

    /**
     * Adam's step size during PPO iteration {@code iteration} (1-based): CleanRL's linear annealing
     * {@code lr_0 · (1 − (i − 1) / numIterations)}, constant within an iteration, or {@code lr_0}.
     */
    public double learningRate(int iteration) {
        return training.learningRate() * (training.annealLearningRate() ? progressLeft(iteration) : 1);
    }

    /** The clip range ε during iteration {@code iteration}: annealed like the step size, or constant. */
    public double clipRange(int iteration) {
        return training.clipRange() * (training.annealClipRange() ? progressLeft(iteration) : 1);
    }

    private double progressLeft(int iteration) {
        return 1.0 - (iteration - 1.0) / numIterations();
    }

    static String render(Config config) {
        return config.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                .setFormatted(true).setJson(false));
    }
}
