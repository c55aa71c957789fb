package org.sparkppo.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.env.Box;
import org.sparkppo.env.Space;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.RecurrentState;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.policy.ActionMask;

/**
 * The trained network's deterministic action (SB3's {@code deterministic=True}): observations
 * normalized with the run's statistics, the rollout's plain-Java forward pass
 * ({@link ActorCriticForward}), the most probable action (categorical, per component for
 * {@code MultiDiscrete}, of the valid ones where the environment masks actions) or the mean action clipped to
 * the bounds (Gaussian). A recurrent network carries each environment's state from step to step
 * (evaluation plays each environment's first episode only, so the state starts at zero and never
 * needs a reset). Not thread-safe.
 */
public final class NetworkPolicy implements DeterministicPolicy {
    private final ObservationNormalizer normalizer;
    private final ActorCriticForward forward;
    private final ActionDistribution distribution;
    private final Box bounds;
    private double[] params = new double[0];
    private double[] values = new double[0];
    /** A recurrent network's state of each environment, zero at its first episode's start; null until the first act. */
    private RecurrentState state;

    public NetworkPolicy(ComputationGraph net, ObservationNormalizer normalizer, Space actionSpace) {
        this.normalizer = normalizer;
        this.forward = ActorCriticForward.of(net);
        this.distribution = ActionDistributions.forSpace(actionSpace);
        this.bounds = actionSpace instanceof Box box ? box : null;
    }

    @Override
    public void act(float[] observations, boolean[] actionMasks, int count, float[] actionsOut) {
        int pw = distribution.paramWidth();
        int aw = distribution.actionWidth();
        if (params.length < count * pw) {
            params = new double[count * pw];
            values = new double[count];
        }
        if (forward.graph().recurrent()) {
            if (state == null || state.slots() != count) {
                state = RecurrentState.zeros(count, forward.graph().stateWidth());
            }
            forward.step(normalizer.apply(observations, count), count, state, params, values);
        } else {
            forward.forward(normalizer.apply(observations, count), count, params, values);
        }
        for (int i = 0; i < count; i++) {
            if (actionMasks != null) {
                ActionMask.apply(params, i * pw, actionMasks, i * pw, pw);
            }
            distribution.mode(params, i * pw, actionsOut, i * aw);
        }
        if (bounds != null) {
            for (int k = 0; k < count * aw; k++) {
                actionsOut[k] = Math.min(Math.max(actionsOut[k], bounds.low(k % aw)), bounds.high(k % aw));
            }
        }
    }
}
