package org.sparkppo.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.loss.Categorical;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.spark.TrainingDataLayout;

/**
 * Deterministic evaluation of a policy (SB3's {@code evaluate_policy(deterministic=True)}): the most
 * probable action in every state, one episode per environment, all environments stepped together.
 * The environments reset from the run seed's evaluation streams,
 * {@code VectorEnv.create(dynamics, episodes, derive(seed, EVALUATION, round), 0)}, never from the
 * streams training used.
 */
public final class DeterministicEvaluation {

    private DeterministicEvaluation() {
    }

    /**
     * Returns and lengths of the first episode of each of {@code episodes} environments; {@code observer}
     * sees the reset and every step ({@link EvaluationObserver#NONE} for none).
     */
    public static EpisodeResults run(ComputationGraph net, EnvDynamics dynamics, int episodes, long seed, int round,
                                     EvaluationObserver observer) {
        VectorEnv env = VectorEnv.create(dynamics, episodes,
                SeedDerivation.derive(seed, SeedDerivation.Purpose.EVALUATION, round), 0);
        if (!dynamics.spec().hasTimeLimit()) {
            throw new BadInputException("env.id: expected an environment with a time limit for evaluation, found '"
                    + dynamics.spec().id() + "' with none");
        }
        int numActions = ((Discrete) dynamics.spec().actionSpace()).n();
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        boolean[] finished = new boolean[episodes];
        float[] actions = new float[episodes];
        double[] rowLogits = new double[numActions];
        double[] logProbs = new double[numActions];
        int remaining = episodes;
        observer.started(env);
        while (remaining > 0) {
            INDArray[] out = net.output(false, TrainingDataLayout.observationBlock(env.observations(), episodes,
                    env.observationDim()));
            double[] logits = FlatArrays.rowMajor(out[0]);
            for (int i = 0; i < episodes; i++) {
                System.arraycopy(logits, i * numActions, rowLogits, 0, numActions);
                Categorical.logSoftmax(rowLogits, logProbs);
                actions[i] = Categorical.mode(logProbs);
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
