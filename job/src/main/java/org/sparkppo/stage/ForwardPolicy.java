package org.sparkppo.stage;

import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.RecurrentState;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionMask;
import org.sparkppo.rollout.Policy;
import org.sparkppo.seed.SplitMix64;

/**
 * Partition-local: the actor-critic as the rollout's {@link Policy}. One forward pass per step for all
 * environments of the partition, on the network's parameters in plain arrays ({@link ActorCriticForward},
 * no framework call), observations normalized with the iteration's frozen statistics first; actions
 * sampled from the stream (seed, iteration, partition), among the valid ones where the environment
 * masks actions ({@link ActionMask}). It keeps the distribution parameters of every {@code act} call
 * (masked logits included), for the KL penalty.
 *
 * <p>A recurrent network steps each environment's state, resets it where an episode ends, and keeps
 * what training needs ({@link RecurrentSamples}): the state at the start of every sequence of
 * {@code sequenceLength} steps and the steps before which an environment reset.
 */
final class ForwardPolicy implements Policy {
    private final ActorCriticForward forward;
    private final ActionDistribution distribution;
    private final ObservationNormalizer normalizer;
    private final SplitMix64 rng;
    private final double[][] actedParams;
    private final int numEnvs;
    /** Null for a feed-forward network. */
    private final RecurrentState state;
    private final int sequenceLength;
    private final boolean[] episodeStarts;
    private final double[] sequenceStates;
    private final int[] allEnvs;
    private int steps;

    /**
     * @param state          the environments' recurrent state at the rollout's start, advanced in place;
     *                       null for a feed-forward network
     * @param sequenceLength steps per training sequence (a divisor of {@code numSteps}); unused without state
     */
    ForwardPolicy(ActorCriticForward forward, ActionDistribution distribution, ObservationNormalizer normalizer,
                  SplitMix64 rng, int numSteps, int numEnvs, RecurrentState state, int sequenceLength) {
        this.forward = forward;
        this.distribution = distribution;
        this.normalizer = normalizer;
        this.rng = rng;
        this.actedParams = new double[numSteps][numEnvs * distribution.paramWidth()];
        this.numEnvs = numEnvs;
        this.state = state;
        this.sequenceLength = sequenceLength;
        this.episodeStarts = state == null ? null : new boolean[numSteps * numEnvs];
        this.sequenceStates = state == null ? null : new double[numSteps / sequenceLength * numEnvs * state.width()];
        this.allEnvs = TrainingDataLayout.inOrder(numEnvs);
    }

    @Override
    public void act(float[] observations, boolean[] actionMasks, int count, float[] actions, double[] logProbs,
                    double[] values) {
        double[] params = actedParams[steps];
        float[] normalized = normalizer.apply(observations, count);
        if (state == null) {
            forward.forward(normalized, count, params, values);
        } else {
            if (steps % sequenceLength == 0) {
                int width = numEnvs * state.width();
                System.arraycopy(state.values(), 0, sequenceStates, steps / sequenceLength * width, width);
            }
            forward.step(normalized, count, state, params, values);
        }
        steps++;
        int pw = distribution.paramWidth();
        int aw = distribution.actionWidth();
        for (int i = 0; i < count; i++) {
            if (actionMasks != null) {
                ActionMask.apply(params, i * pw, actionMasks, i * pw, pw);
            }
            logProbs[i] = distribution.sample(params, i * pw, rng, actions, i * aw);
        }
    }

    @Override
    public void values(float[] observations, int count, double[] values) {
        finalValues(observations, allEnvs, count, values);
    }

    @Override
    public void finalValues(float[] observations, int[] envs, int count, double[] values) {
        double[] params = new double[count * distribution.paramWidth()];
        float[] normalized = normalizer.apply(observations, count);
        if (state == null) {
            forward.forward(normalized, count, params, values);
        } else {
            forward.peek(normalized, count, state, envs, params, values);
        }
    }

    @Override
    public void episodesEnded(boolean[] terminated, boolean[] truncated) {
        if (state == null) {
            return;
        }
        for (int i = 0; i < numEnvs; i++) {
            if (terminated[i] || truncated[i]) {
                state.reset(i);
                if (steps < actedParams.length) {
                    episodeStarts[steps * numEnvs + i] = true;
                }
            }
        }
    }

    /** The distribution parameters of each {@code act} call, {@code [numEnvs × paramWidth]} per step. */
    double[][] actedParams() {
        return actedParams;
    }

    /** What training needs of a recurrent rollout; null for a feed-forward network. */
    RecurrentSamples recurrentSamples() {
        return state == null ? null
                : new RecurrentSamples(numEnvs, sequenceLength, state.width(), episodeStarts, sequenceStates);
    }
}
