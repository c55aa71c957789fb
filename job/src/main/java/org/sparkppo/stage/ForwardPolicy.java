package org.sparkppo.stage;

import org.sparkppo.model.ActorCriticForward;
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
 */
final class ForwardPolicy implements Policy {
    private final ActorCriticForward forward;
    private final ActionDistribution distribution;
    private final ObservationNormalizer normalizer;
    private final SplitMix64 rng;
    private final double[][] actedParams;
    private int steps;

    ForwardPolicy(ActorCriticForward forward, ActionDistribution distribution, ObservationNormalizer normalizer,
                  SplitMix64 rng, int numSteps, int numEnvs) {
        this.forward = forward;
        this.distribution = distribution;
        this.normalizer = normalizer;
        this.rng = rng;
        this.actedParams = new double[numSteps][numEnvs * distribution.paramWidth()];
    }

    @Override
    public void act(float[] observations, boolean[] actionMasks, int count, float[] actions, double[] logProbs,
                    double[] values) {
        double[] params = actedParams[steps++];
        forward.forward(normalizer.apply(observations, count), count, params, values);
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
        double[] params = new double[count * distribution.paramWidth()];
        forward.forward(normalizer.apply(observations, count), count, params, values);
    }

    /** The distribution parameters of each {@code act} call, {@code [numEnvs × paramWidth]} per step. */
    double[][] actedParams() {
        return actedParams;
    }
}
