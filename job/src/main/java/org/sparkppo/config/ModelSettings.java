package org.sparkppo.config;

import java.util.List;

/**
 * @param hiddenSizes widths of the tanh hidden layers of the actor and of the critic
 * @param sharedTrunk actor and critic share their hidden layers (else two separate MLPs)
 * @param logStdInit  initial log σ of the Gaussian policy for {@code Box} actions (SB3's {@code log_std_init})
 */
public record ModelSettings(List<Integer> hiddenSizes, boolean sharedTrunk, double logStdInit) {

    public ModelSettings {
        hiddenSizes = List.copyOf(hiddenSizes);
    }

    /**
     * Weights of the hidden layers alone for {@code observationDim} inputs: a lower bound of the network's
     * parameters (heads and biases come on top), for checks before the network exists. Saturates
     * (at {@code Long.MAX_VALUE / 4} per trunk) rather than overflow.
     */
    public long trunkWeights(int observationDim) {
        long cap = Long.MAX_VALUE / 4;
        long weights = 0;
        long inputs = observationDim;
        for (int width : hiddenSizes) {
            // Each product is below 2^62 and the running sum stays at most 2^61: no overflow.
            weights = Math.min(cap, weights + inputs * width);
            inputs = width;
        }
        return sharedTrunk ? weights : 2 * weights;
    }
}
