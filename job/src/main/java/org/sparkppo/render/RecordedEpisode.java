package org.sparkppo.render;

import java.util.List;

/**
 * The frames of one evaluation episode: the observation after the reset, then one per step.
 *
 * @param number the episode's number as {@code evaluate} prints it (1 for environment 0's episode)
 * @param frames {@code length + 1} frames
 */
public record RecordedEpisode(int number, List<EpisodeFrame> frames) {

    public RecordedEpisode {
        frames = List.copyOf(frames);
    }

    /** Steps in the episode. */
    public int length() {
        return frames.size() - 1;
    }
}
