package org.sparkppo.render;

import java.util.List;
import org.sparkppo.env.Box;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.seed.SplitMix64;

/** Real episodes of a built-in environment under uniformly random actions, recorded as {@code evaluate} does. */
final class RecordedEpisodes {

    private RecordedEpisodes() {
    }

    /** The first episode of each of {@code episodes} environments of {@code envId}, played to the end. */
    static List<RecordedEpisode> play(String envId, int episodes, long seed) {
        VectorEnv env = EnvRegistry.load().make(envId, episodes, seed, 0);
        EpisodeRecorder recorder = new EpisodeRecorder(episodes);
        SplitMix64 random = new SplitMix64(seed);
        float[] actions = new float[episodes * env.actionDim()];
        boolean[] finished = new boolean[episodes];
        int remaining = episodes;
        recorder.started(env);
        while (remaining > 0) {
            if (env.spec().actionSpace() instanceof Box box) {
                for (int i = 0; i < actions.length; i++) {
                    actions[i] = (float) random.uniform(box.low(0), box.high(0));
                }
            } else {
                randomValidActions(env, random, actions);
            }
            env.step(actions);
            recorder.stepped(env, actions);
            for (int i = 0; i < episodes; i++) {
                if (!finished[i] && (env.terminated()[i] || env.truncated()[i])) {
                    finished[i] = true;
                    remaining--;
                }
            }
        }
        return recorder.episodes();
    }

    /** Each index uniform over the component's values, over the valid ones where the environment masks actions. */
    private static void randomValidActions(VectorEnv env, SplitMix64 random, float[] actions) {
        int[] sizes = ActionMaskShape.of(env.spec().actionSpace()).componentSizes();
        int width = ActionMaskShape.of(env.spec().actionSpace()).width();
        boolean[] masks = env.actionMasks();
        for (int i = 0; i < env.numEnvs(); i++) {
            int offset = i * width;
            for (int c = 0; c < sizes.length; c++) {
                int pick;
                do {
                    pick = random.nextInt(sizes[c]);
                } while (masks != null && !masks[offset + pick]);
                actions[i * sizes.length + c] = pick;
                offset += sizes[c];
            }
        }
    }
}
