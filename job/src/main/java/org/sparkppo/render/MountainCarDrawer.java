package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * {@code MountainCar-v0} and {@code MountainCarContinuous-v0} in 600×400 pixels at 30 frames per
 * second, as Gymnasium's {@code mountain_car.py} and {@code continuous_mountain_car.py} render them:
 * the hill {@code y = sin(3x)·0.45 + 0.55} over positions [-1.2, 0.6], a black 40×20 car tilted by
 * {@code cos(3x)} radians with grey wheels, and a yellow flag at the goal position. Observation:
 * {@code (position, velocity)}.
 */
public final class MountainCarDrawer extends FrameDrawer {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double SCALE = WIDTH / (MAX_POSITION - MIN_POSITION);
    private static final int HILL_POINTS = 100;
    private static final double CAR_WIDTH = 40;
    private static final double CAR_HEIGHT = 20;
    private static final double CLEARANCE = 10;
    private static final double WHEEL_RADIUS = Math.floor(CAR_HEIGHT / 2.5);
    private static final double FLAG_HEIGHT = 50;
    private static final Color WHEEL = new Color(128, 128, 128);
    private static final Color FLAG = new Color(204, 204, 0);

    private final double goalPosition;

    /** The drawer of {@code envId}, whose flag stands at {@code goalPosition}. */
    public MountainCarDrawer(String envId, double goalPosition) {
        super(envId, WIDTH, HEIGHT, 30, List.of(WHEEL, FLAG));
        this.goalPosition = goalPosition;
    }

    private static double height(double position) {
        return Math.sin(3 * position) * 0.45 + 0.55;
    }

    @Override
    public void draw(Graphics2D g, EpisodeFrame frame) {
        double position = frame.observation()[0];

        Path2D.Double hill = new Path2D.Double();
        for (int i = 0; i < HILL_POINTS; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / (HILL_POINTS - 1);
            double px = (x - MIN_POSITION) * SCALE;
            double py = height(x) * SCALE;
            if (i == 0) {
                hill.moveTo(px, py);
            } else {
                hill.lineTo(px, py);
            }
        }
        g.setColor(Color.BLACK);
        g.draw(hill);

        AffineTransform saved = g.getTransform();
        g.translate((position - MIN_POSITION) * SCALE, CLEARANCE + height(position) * SCALE);
        g.rotate(Math.cos(3 * position));
        g.fill(new Rectangle2D.Double(-CAR_WIDTH / 2, 0, CAR_WIDTH, CAR_HEIGHT));
        g.setColor(WHEEL);
        for (double wheelX : new double[] {CAR_WIDTH / 4, -CAR_WIDTH / 4}) {
            g.fill(new Ellipse2D.Double(wheelX - WHEEL_RADIUS, -WHEEL_RADIUS, 2 * WHEEL_RADIUS, 2 * WHEEL_RADIUS));
        }
        g.setTransform(saved);

        double flagX = Math.floor((goalPosition - MIN_POSITION) * SCALE);
        double flagBottom = Math.floor(height(goalPosition) * SCALE);
        double flagTop = flagBottom + FLAG_HEIGHT;
        g.setColor(Color.BLACK);
        g.fill(new Rectangle2D.Double(flagX, flagBottom, 1, FLAG_HEIGHT));
        Path2D.Double flag = new Path2D.Double();
        flag.moveTo(flagX, flagTop);
        flag.lineTo(flagX, flagTop - 10);
        flag.lineTo(flagX + 25, flagTop - 5);
        flag.closePath();
        g.setColor(FLAG);
        g.fill(flag);
    }
}
