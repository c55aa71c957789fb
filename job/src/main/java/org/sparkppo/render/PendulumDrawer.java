package org.sparkppo.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * {@code Pendulum-v1} in 500×500 pixels at 30 frames per second, as Gymnasium's {@code pendulum.py}
 * renders it: a red rod of 1 m with rounded ends on a black axle in a 4.4 m square, θ = 0 pointing up;
 * behind the axle, a black arrow whose size grows with the applied torque and which turns the way the
 * torque does (Gymnasium scales its {@code clockwise.png} to {@code scale·|u|/2}). Observation:
 * {@code (cos θ, sin θ, θ̇)}; the angle is recovered with {@code atan2}; the torque is the frame's last
 * action, clipped to [-2, 2] as the dynamics do.
 */
public final class PendulumDrawer extends FrameDrawer {
    private static final int SIZE = 500;
    private static final double SCALE = SIZE / (2.2 * 2);
    private static final double OFFSET = SIZE / 2;
    private static final double ROD_LENGTH = 1 * SCALE;
    private static final double ROD_WIDTH = 0.2 * SCALE;
    private static final double AXLE_RADIUS = Math.floor(0.05 * SCALE);
    private static final double MAX_TORQUE = 2.0;
    /** The arrow turns three quarters of a circle, as the picture Gymnasium draws. */
    private static final double ARROW_SWEEP = 1.5 * Math.PI;
    private static final int ARROW_SEGMENTS = 48;
    private static final Color ROD = new Color(204, 77, 77);

    /** The drawer of {@code envId}, whose observation begins with {@code (cos θ, sin θ)}. */
    public PendulumDrawer(String envId) {
        super(envId, SIZE, SIZE, 30, List.of(ROD));
    }

    @Override
    public void draw(Graphics2D g, EpisodeFrame frame) {
        double theta = Math.atan2(frame.observation()[1], frame.observation()[0]);
        double rodAngle = theta + Math.PI / 2;

        AffineTransform saved = g.getTransform();
        g.translate(OFFSET, OFFSET);
        g.rotate(rodAngle);
        g.setColor(ROD);
        g.fill(new Rectangle2D.Double(0, -ROD_WIDTH / 2, ROD_LENGTH, ROD_WIDTH));
        g.setTransform(saved);
        fillCircle(g, OFFSET, OFFSET, ROD_WIDTH / 2);
        fillCircle(g, OFFSET + ROD_LENGTH * Math.cos(rodAngle), OFFSET + ROD_LENGTH * Math.sin(rodAngle), ROD_WIDTH / 2);

        if (frame.lastAction().length > 0) {
            double torque = Math.min(Math.max(frame.lastAction()[0], -MAX_TORQUE), MAX_TORQUE);
            drawTorqueArrow(g, torque);
        }

        g.setColor(Color.BLACK);
        fillCircle(g, OFFSET, OFFSET, AXLE_RADIUS);
    }

    private static void fillCircle(Graphics2D g, double x, double y, double radius) {
        g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }

    /**
     * A three-quarter circle from twelve o'clock with an arrowhead at its end, counterclockwise for a
     * positive torque (it accelerates θ, which grows counterclockwise).
     */
    private static void drawTorqueArrow(Graphics2D g, double torque) {
        double pictureSize = SCALE * Math.abs(torque) / 2;
        double radius = 0.45 * pictureSize;
        if (radius < 1) {
            return;
        }
        double turn = Math.signum(torque);
        Path2D.Double arc = new Path2D.Double();
        double angle = Math.PI / 2;
        arc.moveTo(OFFSET + radius * Math.cos(angle), OFFSET + radius * Math.sin(angle));
        for (int i = 1; i <= ARROW_SEGMENTS; i++) {
            angle = Math.PI / 2 + turn * ARROW_SWEEP * i / ARROW_SEGMENTS;
            arc.lineTo(OFFSET + radius * Math.cos(angle), OFFSET + radius * Math.sin(angle));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) Math.max(1, 0.04 * pictureSize)));
        g.draw(arc);

        double endX = OFFSET + radius * Math.cos(angle);
        double endY = OFFSET + radius * Math.sin(angle);
        double headLength = 0.15 * pictureSize;
        double tangentX = -turn * Math.sin(angle);
        double tangentY = turn * Math.cos(angle);
        Path2D.Double head = new Path2D.Double();
        head.moveTo(endX + tangentX * headLength, endY + tangentY * headLength);
        head.lineTo(endX - tangentY * headLength / 2, endY + tangentX * headLength / 2);
        head.lineTo(endX + tangentY * headLength / 2, endY - tangentX * headLength / 2);
        head.closePath();
        g.fill(head);
    }
}
