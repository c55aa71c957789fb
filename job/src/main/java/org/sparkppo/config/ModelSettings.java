package org.sparkppo.config;

import java.util.List;

/**
 * @param hiddenSizes widths of the tanh hidden layers of the actor and of the critic
 * @param sharedTrunk actor and critic share their hidden layers (else two separate MLPs)
 */
public record ModelSettings(List<Integer> hiddenSizes, boolean sharedTrunk) {

    public ModelSettings {
        hiddenSizes = List.copyOf(hiddenSizes);
    }
}
