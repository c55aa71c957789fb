package org.sparkppo.render;

import java.util.List;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
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
            for (int i = 0; i < actions.length; i++) {
                actions[i] = env.spec().actionSpace() instanceof Discrete discrete
                        ? random.nextInt(discrete.n())
                        : (float) random.uniform(((Box) env.spec().actionSpace()).low(0),
                                ((Box) env.spec().actionSpace()).high(0));
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
}
