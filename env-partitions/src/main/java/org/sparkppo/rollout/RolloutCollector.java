package org.sparkppo.rollout;

import java.util.Arrays;
import org.sparkppo.env.Box;
import org.sparkppo.env.VectorEnv;

/**
 * Runs a vector env for {@code buffer.numSteps()} steps under a policy and records everything GAE
 * and training need (SB3's {@code collect_rollouts}). Where an episode is cut by the time limit
 * and not terminated, the value of its final observation is computed in one batched policy call
 * per step, so GAE can bootstrap from it. For a {@link Box} action space the buffer keeps the
 * action as the policy sampled it and the environment receives it clipped to the bounds (SB3's
 * {@code np.clip(actions, low, high)}), so log-probabilities stay those of the stored action. Where
 * the environment masks actions, the buffer keeps each step's mask beside the action sampled under it.
 */
public final class RolloutCollector {

    private RolloutCollector() {
    }

    /** Fills {@code buffer} and returns the episodes that ended along the way. */
    public static FinishedEpisodes collect(VectorEnv env, Policy policy, RolloutBuffer buffer) {
        int numEnvs = env.numEnvs();
        int obsDim = env.observationDim();
        int maskWidth = env.actionMasks() == null ? 0 : env.actionMasks().length / numEnvs;
        if (buffer.numEnvs() != numEnvs || buffer.observationDim() != obsDim || buffer.actionDim() != env.actionDim()
                || buffer.actionMaskWidth() != maskWidth) {
            throw new IllegalArgumentException("buffer shape [" + buffer.numEnvs() + " envs, obs " + buffer.observationDim()
                    + ", action " + buffer.actionDim() + ", mask " + buffer.actionMaskWidth()
                    + "] does not fit the vector env [" + numEnvs + " envs, obs " + obsDim + ", action "
                    + env.actionDim() + ", mask " + maskWidth + "]");
        }
        FinishedEpisodes episodes = new FinishedEpisodes();
        float[] truncatedObservations = new float[numEnvs * obsDim];
        int[] truncatedEnvs = new int[numEnvs];
        Box bounds = env.spec().actionSpace() instanceof Box box ? box : null;
        float[] clipped = new float[numEnvs * env.actionDim()];
        double[] truncatedValues = new double[numEnvs];
        for (int t = 0; t < buffer.numSteps(); t++) {
            float[] obs = buffer.observations()[t];
            System.arraycopy(env.observations(), 0, obs, 0, obs.length);
            boolean[] masks = maskWidth > 0 ? buffer.actionMasks()[t] : null;
            if (masks != null) {
                System.arraycopy(env.actionMasks(), 0, masks, 0, masks.length);
            }
            policy.act(obs, masks, numEnvs, buffer.actions()[t], buffer.logProbs()[t], buffer.values()[t]);
            env.step(bounds == null ? buffer.actions()[t] : clip(buffer.actions()[t], bounds, clipped));

            System.arraycopy(env.rewards(), 0, buffer.rewards()[t], 0, numEnvs);
            System.arraycopy(env.terminated(), 0, buffer.terminated()[t], 0, numEnvs);
            System.arraycopy(env.truncated(), 0, buffer.truncated()[t], 0, numEnvs);
            int cut = 0;
            for (int i = 0; i < numEnvs; i++) {
                boolean terminated = env.terminated()[i];
                boolean truncated = env.truncated()[i];
                if (terminated || truncated) {
                    episodes.add(t, env.finishedReturns()[i], env.finishedLengths()[i]);
                }
                if (truncated && !terminated) {
                    System.arraycopy(env.finalObservations(), i * obsDim, truncatedObservations, cut * obsDim, obsDim);
                    truncatedEnvs[cut++] = i;
                }
            }
            double[] finalValues = buffer.finalObservationValues()[t];
            Arrays.fill(finalValues, 0);
            if (cut > 0) {
                policy.finalValues(truncatedObservations, truncatedEnvs, cut, truncatedValues);
                for (int k = 0; k < cut; k++) {
                    finalValues[truncatedEnvs[k]] = truncatedValues[k];
                }
            }
            policy.episodesEnded(env.terminated(), env.truncated());
        }
        policy.values(env.observations(), numEnvs, buffer.lastValues());
        return episodes;
    }

    private static float[] clip(float[] actions, Box bounds, float[] out) {
        int dim = bounds.flatDim();
        for (int k = 0; k < actions.length; k++) {
            int j = k % dim;
            out[k] = Math.min(Math.max(actions[k], bounds.low(j)), bounds.high(j));
        }
        return out;
    }
}
