package org.sparkppo.env;

import java.nio.ByteBuffer;
import java.util.OptionalDouble;
import org.sparkppo.env.classic.CartPole;
import org.sparkppo.seed.SplitMix64;

/**
 * CartPole-v1 written the object way ({@link Environment}, {@link Snapshotting}): the same Euler
 * step as the built-in {@link CartPole}, one instance per slot, state in four fields. Tests build it
 * with {@code EnvironmentClass.of} (the test services file lists only the worked example); its
 * episodes start from {@code new SplitMix64(seed)}'s first four uniform draws in [-0.05, 0.05).
 */
public class ObjectCartPole implements Environment, Snapshotting {
    public static final String ID = "ObjectCartPole-v1";
    private static final double GRAVITY = 9.8;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + 1.0;
    private static final double LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;
    private static final EnvSpec SPEC = new EnvSpec(ID, 500, OptionalDouble.of(475.0),
            new CartPole().spec().observationSpace(), new Discrete(2));

    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        x = rng.uniform(-0.05, 0.05);
        xDot = rng.uniform(-0.05, 0.05);
        theta = rng.uniform(-0.05, 0.05);
        thetaDot = rng.uniform(-0.05, 0.05);
        return state();
    }

    @Override
    public StepResult step(double[] action) {
        if (action.length != 1 || action[0] != 0 && action[0] != 1) {
            throw new IllegalArgumentException("expected the action 0 or 1, found " + java.util.Arrays.toString(action));
        }
        double force = action[0] == 1 ? FORCE_MAG : -FORCE_MAG;
        double cosTheta = Math.cos(theta);
        double sinTheta = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;
        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        return new StepResult(state(), 1.0, terminated, false);
    }

    /** {@code (x, ẋ, θ, θ̇)}, the built-in CartPole's state layout. */
    public double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(32).putDouble(x).putDouble(xDot).putDouble(theta).putDouble(thetaDot).array();
    }

    @Override
    public void restore(byte[] snapshot, int version) {
        if (version != 1 || snapshot.length != 32) {
            throw new IllegalArgumentException("expected version 1 and 32 bytes, found version " + version + " and "
                    + snapshot.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        x = in.getDouble();
        xDot = in.getDouble();
        theta = in.getDouble();
        thetaDot = in.getDouble();
    }
}
