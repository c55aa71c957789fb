package org.sparkppo.config;

import java.util.List;

/**
 * @param hiddenSizes    widths of the hidden layers of the actor and of the critic
 * @param activation     their activation
 * @param sharedTrunk    actor and critic share their hidden layers (else two separate MLPs)
 * @param logStdInit     initial log σ of the Gaussian policy for {@code Box} actions (SB3's {@code log_std_init})
 * @param recurrent      an LSTM layer on the observation ahead of the hidden layers (sb3-contrib's
 *                       {@code MlpLstmPolicy}): one shared, or one for the actor and one for the critic
 *                       ({@code enable_critic_lstm}) as {@code sharedTrunk} says
 * @param lstmHiddenSize the LSTM's hidden size (sb3-contrib's {@code lstm_hidden_size})
 * @param sequenceLength steps per training sequence of a recurrent policy, a divisor of
 *                       {@code rollout.numSteps}; 0 for the whole rollout of each environment
 */
public record ModelSettings(List<Integer> hiddenSizes, HiddenActivation activation, boolean sharedTrunk,
                            double logStdInit, boolean recurrent, int lstmHiddenSize, int sequenceLength) {

    public ModelSettings {
        hiddenSizes = List.copyOf(hiddenSizes);
    }

    /** Steps per training sequence for rollouts of {@code numSteps} steps per environment. */
    public int sequenceLength(int numSteps) {
        return sequenceLength == 0 ? numSteps : sequenceLength;
    }

    /** Values of one environment's recurrent state: {@code [h, c]} of each LSTM; 0 for a feed-forward model. */
    public int recurrentStateWidth() {
        return recurrent ? (sharedTrunk ? 1 : 2) * 2 * lstmHiddenSize : 0;
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
        if (recurrent) {
            weights = 4L * lstmHiddenSize * (observationDim + lstmHiddenSize);
            inputs = lstmHiddenSize;
        }
        for (int width : hiddenSizes) {
            // Each product is below 2^62 and the running sum stays at most 2^61: no overflow.
            weights = Math.min(cap, weights + inputs * width);
            inputs = width;
        }
        return sharedTrunk ? weights : 2 * weights;
    }
}
