package org.sparkppo.env.classic;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code Pendulum-v1}, as Gymnasium 1.x's {@code classic_control/pendulum.py}: torque clipped to
 * [-2, 2], semi-implicit Euler with dt = 0.05 s, angular velocity clipped to [-8, 8], cost
 * {@code normalize(θ)² + 0.1·θ̇² + 0.001·u²} where normalize uses floor-modulo (the result takes the
 * sign of the divisor, unlike Java's {@code %}). Never terminates; the time limit is 200 steps.
 */
public final class Pendulum implements EnvDynamics {
    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double G = 10.0;
    private static final double M = 1.0;
    private static final double L = 1.0;

    private static final EnvSpec SPEC = new EnvSpec("Pendulum-v1", 200, OptionalDouble.empty(),
            new Box(new float[] {-1, -1, -(float) MAX_SPEED}, new float[] {1, 1, (float) MAX_SPEED}, 3),
            new Box(new float[] {-(float) MAX_TORQUE}, new float[] {(float) MAX_TORQUE}, 1), 2);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        state[env * 2] = rng.uniform(-Math.PI, Math.PI);
        state[env * 2 + 1] = rng.uniform(-1.0, 1.0);
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            int o = i * 2;
            double th = state[o];
            double thDot = state[o + 1];
            double u = Math.min(Math.max(actions[i], (float) -MAX_TORQUE), (float) MAX_TORQUE);
            double angle = angleNormalize(th);
            double costs = angle * angle + 0.1 * (thDot * thDot) + 0.001 * (u * u);
            double newThDot = thDot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
            newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
            double newTh = th + newThDot * DT;
            state[o] = newTh;
            state[o + 1] = newThDot;
            rewards[i] = -costs;
            terminated[i] = false;
        }
    }

    /** {@code ((x + π) mod 2π) - π} with floor-modulo, as NumPy's {@code %}. */
    static double angleNormalize(double x) {
        double divisor = 2 * Math.PI;
        double r = (x + Math.PI) % divisor;
        if (r != 0 && (r < 0) != (divisor < 0)) {
            r += divisor;
        }
        return r - Math.PI;
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        int s = env * 2;
        int o = env * 3;
        observations[o] = (float) Math.cos(state[s]);
        observations[o + 1] = (float) Math.sin(state[s]);
        observations[o + 2] = (float) state[s + 1];
    }
}
