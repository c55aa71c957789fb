package org.sparkppo.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.eval.EvaluationObserver;

/**
 * Driver-only: keeps the frames (observations, actions, running returns) of the first episode of
 * environments {@code 0 .. episodes-1} of an evaluation, while they are played; the episodes that
 * environments start after their first are ignored. Observations are a few floats per step, so
 * keeping them costs little; drawing waits until every recorded episode has finished, when they can
 * be drawn in order.
 */
public final class EpisodeRecorder implements EvaluationObserver {
    private final int episodes;
    private final List<List<EpisodeFrame>> frames = new ArrayList<>();
    private final boolean[] finished;
    private final double[] returns;

    /** A recorder of the first episode of each of the first {@code episodes} environments. */
    public EpisodeRecorder(int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, but was " + episodes);
        }
        this.episodes = episodes;
        this.finished = new boolean[episodes];
        this.returns = new double[episodes];
    }

    @Override
    public void started(VectorEnv env) {
        if (env.numEnvs() < episodes) {
            throw new IllegalArgumentException("recording " + episodes + " episodes needs as many environments, but "
                    + "the evaluation has " + env.numEnvs());
        }
        for (int i = 0; i < episodes; i++) {
            List<EpisodeFrame> episode = new ArrayList<>();
            episode.add(new EpisodeFrame(row(env.observations(), i, env.observationDim()), new float[0], 0, 0.0));
            frames.add(episode);
        }
    }

    @Override
    public void stepped(VectorEnv env, float[] actions) {
        for (int i = 0; i < episodes; i++) {
            if (finished[i]) {
                continue;
            }
            returns[i] += env.rewards()[i];
            finished[i] = env.terminated()[i] || env.truncated()[i];
            float[] observations = finished[i] ? env.finalObservations() : env.observations();
            List<EpisodeFrame> episode = frames.get(i);
            episode.add(new EpisodeFrame(row(observations, i, env.observationDim()),
                    row(actions, i, env.actionDim()), episode.size(), returns[i]));
        }
    }

    private static float[] row(float[] block, int env, int dim) {
        return Arrays.copyOfRange(block, env * dim, (env + 1) * dim);
    }

    /** The recorded episodes in environment order; each must have finished. */
    public List<RecordedEpisode> episodes() {
        List<RecordedEpisode> recorded = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            if (!finished[i]) {
                throw new IllegalStateException("episode " + (i + 1) + " has not finished");
            }
            recorded.add(new RecordedEpisode(i + 1, frames.get(i)));
        }
        return recorded;
    }
}
