package org.sparkppo.render;

/**
 * What one frame of an episode shows.
 *
 * @param observation the observation vector of this step
 * @param lastAction  the action whose step produced {@code observation} (one action block row); empty
 *                    on the episode's first frame, which follows a reset
 * @param step        steps taken in the episode so far (0 on the first frame)
 * @param returnSoFar sum of the rewards of those steps
 */
public record EpisodeFrame(float[] observation, float[] lastAction, int step, double returnSoFar) {
}
