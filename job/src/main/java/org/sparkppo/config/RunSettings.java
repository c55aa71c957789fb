package org.sparkppo.config;

/**
 * @param seed               the run's seed: every random stream derives from it
 * @param totalTimesteps     environment steps to train for, over all partitions
 * @param checkpointInterval iterations between checkpoints
 * @param keepCheckpoints    how many of the newest checkpoints are kept
 * @param evalInterval       iterations between deterministic evaluations; 0 disables them
 * @param evalEpisodes       episodes per deterministic evaluation
 * @param tensorboard        whether the run writes TensorBoard event files into {@code tb/}
 * @param exportOnnx         whether a finished run also writes its policy as {@code policy.onnx}
 */
public record RunSettings(long seed, long totalTimesteps, int checkpointInterval, int keepCheckpoints,
                          int evalInterval, int evalEpisodes, boolean tensorboard,
                          boolean exportOnnx) {
    /**
     * The most episodes one deterministic evaluation plays ({@code run.evalEpisodes}, {@code evaluate --episodes}):
     * they run side by side, one environment each, through one batched forward pass per step.
     */
    public static final int MAX_EVAL_EPISODES = 100_000;
}
