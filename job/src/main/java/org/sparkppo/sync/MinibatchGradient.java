package org.sparkppo.sync;

/**
 * One partition's minibatch gradient: the PPO losses' gradient summed over {@code examples} examples,
 * and their mean loss.
 */
public record MinibatchGradient(double[] summed, int examples, double meanLoss) {
}
