package org.sparkppo.env.classic;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code CartPole-v1} (Barto, Sutton and Anderson 1983), as Gymnasium 1.x's
 * {@code classic_control/cartpole.py}: explicit Euler integration with τ = 0.02 s, reward 1 on
 * every step including the terminating one, float64 state, float32 observation.
 * State: {@code (x, ẋ, θ, θ̇)}; actions: 0 pushes left, 1 pushes right.
 */
public final class CartPole implements EnvDynamics {
    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;

    private static final EnvSpec SPEC = new EnvSpec("CartPole-v1", 500, OptionalDouble.of(475.0),
            new Box(new float[] {-(float) (X_THRESHOLD * 2), Float.NEGATIVE_INFINITY,
                                 -(float) (THETA_THRESHOLD * 2), Float.NEGATIVE_INFINITY},
                    new float[] {(float) (X_THRESHOLD * 2), Float.POSITIVE_INFINITY,
                                 (float) (THETA_THRESHOLD * 2), Float.POSITIVE_INFINITY}, 4),
            new Discrete(2), 4);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        for (int k = 0; k < 4; k++) {
            state[env * 4 + k] = rng.uniform(-0.05, 0.05);
        }
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            int o = i * 4;
            double x = state[o];
            double xDot = state[o + 1];
            double theta = state[o + 2];
            double thetaDot = state[o + 3];
            double force = actions[i] == 1f ? FORCE_MAG : -FORCE_MAG;
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
            state[o] = x;
            state[o + 1] = xDot;
            state[o + 2] = theta;
            state[o + 3] = thetaDot;

            terminated[i] = x < -X_THRESHOLD || x > X_THRESHOLD
                    || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
            rewards[i] = 1.0;
        }
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        int o = env * 4;
        observations[o] = (float) state[o];
        observations[o + 1] = (float) state[o + 1];
        observations[o + 2] = (float) state[o + 2];
        observations[o + 3] = (float) state[o + 3];
    }
}
