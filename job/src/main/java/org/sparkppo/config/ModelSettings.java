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
}
