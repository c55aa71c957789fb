package org.sparkppo.stage;

import java.io.Serializable;
import org.sparkppo.channel.ChannelAddress;
import org.sparkppo.model.ActorCriticGraph;
import org.sparkppo.model.AdamStep;

/**
 * What the driver broadcasts for one iteration's stage: the model (its architecture and losses as
 * the plain-Java passes read them, the Adam rule, flat parameters, Adam state in DL4J's layout,
 * optimizer steps so far), this iteration's
 * coefficients (learning rate, clip range, KL coefficient), the rollout settings with the frozen
 * normalization statistics, the run's update settings, and the address of the run's aggregation
 * channel (null when the stage does not synchronize). (A class, not a record: Kryo 4 cannot
 * serialize records.)
 */
public final class IterationInputs implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int iteration;
    private final int attempt;
    private final ActorCriticGraph architecture;
    private final AdamStep adam;
    private final double[] parameters;
    private final double[] adamState;
    private final int optimizerSteps;
    private final double learningRate;
    private final double clipRange;
    private final double klCoef;
    private final PartitionRollout.Settings rollout;
    private final UpdateSettings update;
    private final ChannelAddress channel;

    /** @param attempt how many times the driver has already run this iteration's stage (0 the first time) */
    public IterationInputs(int iteration, int attempt, ActorCriticGraph architecture, AdamStep adam,
                           double[] parameters, double[] adamState,
                           int optimizerSteps, double learningRate, double clipRange, double klCoef,
                           PartitionRollout.Settings rollout, UpdateSettings update, ChannelAddress channel) {
        this.iteration = iteration;
        this.attempt = attempt;
        this.architecture = architecture;
        this.adam = adam;
        this.parameters = parameters;
        this.adamState = adamState;
        this.optimizerSteps = optimizerSteps;
        this.learningRate = learningRate;
        this.clipRange = clipRange;
        this.klCoef = klCoef;
        this.rollout = rollout;
        this.update = update;
        this.channel = channel;
    }

    public int iteration() {
        return iteration;
    }

    int attempt() {
        return attempt;
    }

    ActorCriticGraph architecture() {
        return architecture;
    }

    AdamStep adam() {
        return adam;
    }

    double[] parameters() {
        return parameters;
    }

    double[] adamState() {
        return adamState;
    }

    int optimizerSteps() {
        return optimizerSteps;
    }

    double learningRate() {
        return learningRate;
    }

    double clipRange() {
        return clipRange;
    }

    double klCoef() {
        return klCoef;
    }

    PartitionRollout.Settings rollout() {
        return rollout;
    }

    UpdateSettings update() {
        return update;
    }

    ChannelAddress channel() {
        return channel;
    }
}
