package org.sparkppo.model;

/**
 * One minibatch as the PPO losses read it, row-major ({@code org.sparkppo.stage.TrainingDataLayout}
 * defines the columns): {@code features} {@code [rows × observationDim]}, {@code policyLabels}
 * {@code [rows × policyLabelWidth]}, {@code valueLabels} {@code [rows × 2]}. The arrays may be
 * longer than {@code rows} rows and may be reused for the next minibatch.
 *
 * @param sequences for a recurrent network, how the rows form sequences; null for a feed-forward one
 */
public record Minibatch(double[] features, double[] policyLabels, int policyLabelWidth, double[] valueLabels,
                        int rows, Sequences sequences) {

    /**
     * The rows of a recurrent network's minibatch as whole sequences of {@code length} consecutive
     * rows each, in time order: row {@code r} is step {@code r mod length} of sequence {@code r / length}.
     * The state before a sequence's first step is {@code initialStates[s·width .. (s+1)·width)} (the
     * one the rollout stored); inside a sequence, the state before row {@code r} is zero where
     * {@code episodeStarts[r]} (the environment reset before that observation), and otherwise the
     * state after row {@code r − 1}. The arrays may be longer and may be reused.
     */
    public record Sequences(int length, boolean[] episodeStarts, double[] initialStates) {
    }
}
