package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * {@code CartPole-v1} in 600×400 pixels at 50 frames per second, as Gymnasium's {@code cartpole.py}
 * renders it: the track at height 100, a black 50×30 cart, a brown pole 10 pixels wide, a blue axle;
 * the world is 4.8 m (±{@code x_threshold}) wide. Observation: {@code (x, ẋ, θ, θ̇)}, or {@code (x, θ)} for
 * {@code CartPoleNoVel-v1}.
 */
public final class CartPoleDrawer extends FrameDrawer {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;
    private static final double WORLD_WIDTH = 2 * 2.4;
    private static final double SCALE = WIDTH / WORLD_WIDTH;
    private static final double POLE_WIDTH = 10.0;
    /** Gymnasium's {@code length} is half the pole. */
    private static final double POLE_LENGTH = SCALE * (2 * 0.5);
    private static final double CART_WIDTH = 50.0;
    private static final double CART_HEIGHT = 30.0;
    private static final double CART_Y = 100;
    private static final double AXLE_OFFSET = CART_HEIGHT / 4.0;
    private static final Color POLE = new Color(202, 152, 101);
    private static final Color AXLE = new Color(129, 132, 203);

    private final int xIndex;
    private final int thetaIndex;

    /** The drawer of {@code envId}, whose observation holds x and θ at these indices. */
    public CartPoleDrawer(String envId, int xIndex, int thetaIndex) {
        super(envId, WIDTH, HEIGHT, 50, List.of(POLE, AXLE));
        this.xIndex = xIndex;
        this.thetaIndex = thetaIndex;
    }

    @Override
    public void draw(Graphics2D g, EpisodeFrame frame) {
        double x = frame.observation()[xIndex];
        double theta = frame.observation()[thetaIndex];
        double cartX = x * SCALE + WIDTH / 2.0;
        double axleY = CART_Y + AXLE_OFFSET;

        g.setColor(Color.BLACK);
        g.fill(new Rectangle2D.Double(cartX - CART_WIDTH / 2, CART_Y - CART_HEIGHT / 2, CART_WIDTH, CART_HEIGHT));

        AffineTransform cart = g.getTransform();
        g.translate(cartX, axleY);
        g.rotate(-theta);
        g.setColor(POLE);
        g.fill(new Rectangle2D.Double(-POLE_WIDTH / 2, -POLE_WIDTH / 2, POLE_WIDTH, POLE_LENGTH));
        g.setTransform(cart);

        double radius = POLE_WIDTH / 2;
        g.setColor(AXLE);
        g.fill(new Ellipse2D.Double(cartX - radius, axleY - radius, 2 * radius, 2 * radius));

        g.setColor(Color.BLACK);
        g.fill(new Rectangle2D.Double(0, CART_Y, WIDTH, 1));
    }
}
