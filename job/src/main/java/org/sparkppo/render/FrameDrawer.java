package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;

/**
 * Draws one environment's scene from an observation vector, never from internal state, so the frame
 * an episode ended on can be drawn from {@code VectorEnv.finalObservations()}.
 */
public abstract class FrameDrawer {
    private final String envId;
    private final int width;
    private final int height;
    private final int framesPerSecond;
    private final List<Color> colors;

    /**
     * @param envId           the Gymnasium id of the environment drawn, e.g. {@code CartPole-v1}
     * @param width           frame width in pixels
     * @param height          frame height in pixels
     * @param framesPerSecond Gymnasium's {@code metadata["render_fps"]} for the environment
     * @param colors          the colours the scene is drawn in, besides white and black; anti-aliased
     *                        edges blend them with white
     */
    protected FrameDrawer(String envId, int width, int height, int framesPerSecond, List<Color> colors) {
        this.envId = envId;
        this.width = width;
        this.height = height;
        this.framesPerSecond = framesPerSecond;
        this.colors = List.copyOf(colors);
    }

    public final String envId() {
        return envId;
    }

    public final int width() {
        return width;
    }

    public final int height() {
        return height;
    }

    public final int framesPerSecond() {
        return framesPerSecond;
    }

    public final List<Color> colors() {
        return colors;
    }

    /**
     * Draws the scene of {@code frame} on a white {@code width() x height()} canvas. {@code g} is in
     * Gymnasium's drawing coordinates: pixels, origin bottom left, y up (pygame draws upside down and
     * flips the surface at the end).
     */
    public abstract void draw(Graphics2D g, EpisodeFrame frame);
}
