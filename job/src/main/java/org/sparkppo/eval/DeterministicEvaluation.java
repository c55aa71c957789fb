package org.sparkppo.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.seed.SeedDerivation;

/**
 * Deterministic evaluation of a policy (SB3's {@code evaluate_policy(deterministic=True)}): the most
 * probable action (categorical; of the valid ones where the environment masks actions) or the mean
 * action clipped to the bounds (Gaussian) in every state,
 * observations normalized with the run's statistics, one episode per environment, all environments
 * stepped together. The environments reset from the run seed's evaluation streams,
 * {@code family.create(episodes, derive(seed, EVALUATION, round), 0)}, never from the
 * streams training used. The network runs in plain Java ({@link NetworkPolicy}, the rollout's own
 * forward pass), so evaluation does not depend on the CPU's native kernels either; an exported ONNX
 * model plays the same episodes through {@link OnnxRuntimePolicy}.
 */
public final class DeterministicEvaluation {

    private DeterministicEvaluation() {
    }

    /**
     * Returns and lengths of the first episode of each of {@code episodes} environments, playing the
     * trained network; {@code observer} sees the reset and every step ({@link EvaluationObserver#NONE}
     * for none).
     */
    public static EpisodeResults run(ComputationGraph net, ObservationNormalizer normalizer, EnvFamily family,
                                     int episodes, long seed, int round, EvaluationObserver observer) {
        return run(new NetworkPolicy(net, normalizer, family.spec().actionSpace()), family, episodes, seed, round,
                observer);
    }

    /** As above, playing {@code policy} (the network, or its ONNX export). */
    public static EpisodeResults run(DeterministicPolicy policy, EnvFamily family, int episodes, long seed,
                                     int round, EvaluationObserver observer) {
        VectorEnv env = family.create(episodes,
                SeedDerivation.derive(seed, SeedDerivation.Purpose.EVALUATION, round), 0);
        if (!family.spec().hasTimeLimit()) {
            throw new BadInputException("env.id: expected an environment with a time limit for evaluation, found '"
                    + family.spec().id() + "' with none");
        }
        int aw = ActionDistributions.forSpace(family.spec().actionSpace()).actionWidth();
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        boolean[] finished = new boolean[episodes];
        float[] actions = new float[episodes * aw];
        int remaining = episodes;
        observer.started(env);
        while (remaining > 0) {
            policy.act(env.observations(), env.actionMasks(), episodes, actions);
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
