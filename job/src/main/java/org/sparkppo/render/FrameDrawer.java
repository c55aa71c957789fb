package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;

/**
 * Draws one environment's scene from an observation vector, never from internal state, so the frame
 * an episode ended on can be drawn from {@code VectorEnv.finalObservations()}.
 */
public interface FrameDrawer {

    /** The Gymnasium id of the environment drawn, e.g. {@code CartPole-v1}. */
    String envId();

    /** Frame width in pixels. */
    int width();

    /** Frame height in pixels. */
    int height();

    /** Gymnasium's {@code metadata["render_fps"]} for the environment. */
    int framesPerSecond();

    /** The colours the scene is drawn in, besides white and black; anti-aliased edges blend them with white. */
    List<Color> colors();

    /**
     * Draws the scene of {@code frame} on a white {@code width() x height()} canvas. {@code g} is in
     * Gymnasium's drawing coordinates: pixels, origin bottom left, y up (pygame draws upside down and
     * flips the surface at the end).
     */
    void draw(Graphics2D g, EpisodeFrame frame);
}
