package org.sparkppo.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Paints whole frames, scene and caption, onto one reused RGB canvas of the drawer's size. Not
 * thread-safe.
 */
public final class FramePainter {
    private final FrameDrawer drawer;
    private final BufferedImage canvas;
    private final Graphics2D g;
    private final AffineTransform screen;
    private final AffineTransform yUp;

    /** A painter with a white canvas of {@code drawer.width() x drawer.height()}. */
    public FramePainter(FrameDrawer drawer) {
        this.drawer = drawer;
        this.canvas = new BufferedImage(drawer.width(), drawer.height(), BufferedImage.TYPE_INT_RGB);
        this.g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // Curves come out smooth; drawers fill axis-aligned lines as one-pixel rectangles to keep them crisp.
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        this.screen = g.getTransform();
        this.yUp = new AffineTransform(screen);
        yUp.translate(0, drawer.height());
        yUp.scale(1, -1);
    }

    /** Paints {@code frame} of episode number {@code episode}; the canvas is overwritten by the next call. */
    public BufferedImage paint(int episode, EpisodeFrame frame) {
        g.setTransform(screen);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, drawer.width(), drawer.height());
        g.setStroke(new BasicStroke());
        g.setTransform(yUp);
        drawer.draw(g, frame);
        g.setTransform(screen);
        FrameOverlay.draw(g, drawer.envId(), episode, frame);
        return canvas;
    }
}
