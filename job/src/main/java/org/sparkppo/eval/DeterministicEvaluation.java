package org.sparkppo.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.Box;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.seed.SeedDerivation;

/**
 * Deterministic evaluation of a policy (SB3's {@code evaluate_policy(deterministic=True)}): the most
 * probable action (categorical) or the mean action clipped to the bounds (Gaussian) in every state,
 * observations normalized with the run's statistics, one episode per environment, all environments
 * stepped together. The environments reset from the run seed's evaluation streams,
 * {@code VectorEnv.create(dynamics, episodes, derive(seed, EVALUATION, round), 0)}, never from the
 * streams training used. The policy runs in plain Java ({@link ActorCriticForward}, the rollout's own
 * forward pass), so evaluation does not depend on the CPU's native kernels either.
 */
public final class DeterministicEvaluation {

    private DeterministicEvaluation() {
    }

    /**
     * Returns and lengths of the first episode of each of {@code episodes} environments; {@code observer}
     * sees the reset and every step ({@link EvaluationObserver#NONE} for none).
     */
    public static EpisodeResults run(ComputationGraph net, ObservationNormalizer normalizer, EnvDynamics dynamics,
                                     int episodes, long seed, int round, EvaluationObserver observer) {
        VectorEnv env = VectorEnv.create(dynamics, episodes,
                SeedDerivation.derive(seed, SeedDerivation.Purpose.EVALUATION, round), 0);
        if (!dynamics.spec().hasTimeLimit()) {
            throw new BadInputException("env.id: expected an environment with a time limit for evaluation, found '"
                    + dynamics.spec().id() + "' with none");
        }
        ActionDistribution distribution = ActionDistributions.forSpace(dynamics.spec().actionSpace());
        Box bounds = dynamics.spec().actionSpace() instanceof Box box ? box : null;
        int pw = distribution.paramWidth();
        int aw = distribution.actionWidth();
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        boolean[] finished = new boolean[episodes];
        float[] actions = new float[episodes * aw];
        ActorCriticForward policy = ActorCriticForward.of(net);
        double[] params = new double[episodes * pw];
        double[] values = new double[episodes];
        int remaining = episodes;
        observer.started(env);
        while (remaining > 0) {
            policy.forward(normalizer.apply(env.observations(), episodes), episodes, params, values);
            for (int i = 0; i < episodes; i++) {
                distribution.mode(params, i * pw, actions, i * aw);
            }
            if (bounds != null) {
                for (int k = 0; k < actions.length; k++) {
                    actions[k] = Math.min(Math.max(actions[k], bounds.low(k % aw)), bounds.high(k % aw));
                }
            }
            env.step(actions);
            observer.stepped(env, actions);
            for (int i = 0; i < episodes; i++) {
                if (!finished[i] && (env.terminated()[i] || env.truncated()[i])) {
                    finished[i] = true;
                    returns[i] = env.finishedReturns()[i];
                    lengths[i] = env.finishedLengths()[i];
                    remaining--;
                }
            }
        }
        return new EpisodeResults(returns, lengths);
    }
}
