package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * {@code Acrobot-v1} in 500×500 pixels at 15 frames per second, as Gymnasium's {@code acrobot.py}
 * renders it: two cyan links of 1 m hanging from the centre of a 4.4 m square, yellow joints, and the
 * black goal line one link length above the pivot. Observation:
 * {@code (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2)}; the angles are recovered with {@code atan2}.
 */
public final class AcrobotDrawer extends FrameDrawer {
    private static final int SIZE = 500;
    private static final double LINK_LENGTH = 1.0;
    private static final double BOUND = 2 * LINK_LENGTH + 0.2;
    private static final double SCALE = SIZE / (BOUND * 2);
    private static final double OFFSET = SIZE / 2.0;
    private static final double HALF_LINK_WIDTH = 0.1 * SCALE;
    private static final Color LINK = new Color(0, 204, 204);
    private static final Color JOINT = new Color(204, 204, 0);

    public AcrobotDrawer() {
        super("Acrobot-v1", SIZE, SIZE, 15, List.of(LINK, JOINT));
    }

    @Override
    public void draw(Graphics2D g, EpisodeFrame frame) {
        float[] obs = frame.observation();
        double theta1 = Math.atan2(obs[1], obs[0]);
        double theta2 = Math.atan2(obs[3], obs[2]);

        g.setColor(Color.BLACK);
        g.fill(new Rectangle2D.Double(0, Math.floor(LINK_LENGTH * SCALE + OFFSET), SIZE, 1));

        double elbowX = LINK_LENGTH * Math.sin(theta1) * SCALE + OFFSET;
        double elbowY = -LINK_LENGTH * Math.cos(theta1) * SCALE + OFFSET;
        drawLink(g, OFFSET, OFFSET, theta1 - Math.PI / 2);
        drawLink(g, elbowX, elbowY, theta1 + theta2 - Math.PI / 2);
    }

    /** A link from joint {@code (x, y)} at angle {@code angle} from the x axis, with its joint on top. */
    private static void drawLink(Graphics2D g, double x, double y, double angle) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(angle);
        g.setColor(LINK);
        g.fill(new Rectangle2D.Double(0, -HALF_LINK_WIDTH, LINK_LENGTH * SCALE, 2 * HALF_LINK_WIDTH));
        g.setTransform(saved);
        g.setColor(JOINT);
        g.fill(new Ellipse2D.Double(x - HALF_LINK_WIDTH, y - HALF_LINK_WIDTH, 2 * HALF_LINK_WIDTH, 2 * HALF_LINK_WIDTH));
    }
}
