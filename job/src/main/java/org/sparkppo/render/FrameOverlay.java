package org.sparkppo.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Locale;

/** The caption in a frame's top left corner: environment id, episode number, step and running return. */
final class FrameOverlay {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final int MARGIN = 6;

    private FrameOverlay() {
    }

    /** Draws the caption in screen coordinates (origin top left, y down). */
    static void draw(Graphics2D g, String envId, int episode, EpisodeFrame frame) {
        g.setFont(FONT);
        g.setColor(Color.BLACK);
        int lineHeight = g.getFontMetrics().getHeight();
        int baseline = MARGIN + g.getFontMetrics().getAscent();
        g.drawString(envId + "  episode " + episode, MARGIN, baseline);
        g.drawString(String.format(Locale.ROOT, "step %d  return %.2f", frame.step(), frame.returnSoFar()),
                MARGIN, baseline + lineHeight);
    }
}
