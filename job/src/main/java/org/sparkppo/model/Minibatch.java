package org.sparkppo.model;

/**
 * One minibatch as the PPO losses read it, row-major ({@code org.sparkppo.stage.TrainingDataLayout}
 * defines the columns): {@code features} {@code [rows × observationDim]}, {@code policyLabels}
 * {@code [rows × policyLabelWidth]}, {@code valueLabels} {@code [rows × 2]}. The arrays may be
 * longer than {@code rows} rows and may be reused for the next minibatch.
 */
public record Minibatch(double[] features, double[] policyLabels, int policyLabelWidth, double[] valueLabels,
                        int rows) {
}
