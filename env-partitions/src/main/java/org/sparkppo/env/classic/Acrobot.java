package org.sparkppo.env.classic;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code Acrobot-v1} (Sutton and Barto's "book" dynamics), as Gymnasium 1.x's
 * {@code classic_control/acrobot.py}: one fourth-order Runge-Kutta step of dt = 0.2 s, joint angles
 * wrapped to [-π, π], velocities bounded to 4π and 9π, reset state rounded to float32.
 * State: {@code (θ1, θ2, θ̇1, θ̇2)}; actions 0, 1, 2 apply torque -1, 0, +1.
 */
public final class Acrobot implements EnvDynamics {
    private static final double DT = 0.2;
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, 1.0};
    private static final double G = 9.8;

    private static final EnvSpec SPEC = new EnvSpec("Acrobot-v1", 500, OptionalDouble.of(-100.0),
            new Box(new float[] {-1, -1, -1, -1, -(float) MAX_VEL_1, -(float) MAX_VEL_2},
                    new float[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2}, 6),
            new Discrete(3), 4);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        for (int k = 0; k < 4; k++) {
            state[env * 4 + k] = (float) rng.uniform(-0.1, 0.1);
        }
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        double[] y0 = new double[4];
        double[] k1 = new double[4];
        double[] k2 = new double[4];
        double[] k3 = new double[4];
        double[] k4 = new double[4];
        double[] y = new double[4];
        double dt2 = DT / 2.0;
        double dt6 = DT / 6.0;
        for (int i = 0; i < numEnvs; i++) {
            int o = i * 4;
            double torque = AVAIL_TORQUE[(int) actions[i]];
            System.arraycopy(state, o, y0, 0, 4);
            derivatives(y0, torque, k1);
            for (int k = 0; k < 4; k++) {
                y[k] = y0[k] + dt2 * k1[k];
            }
            derivatives(y, torque, k2);
            for (int k = 0; k < 4; k++) {
                y[k] = y0[k] + dt2 * k2[k];
            }
            derivatives(y, torque, k3);
            for (int k = 0; k < 4; k++) {
                y[k] = y0[k] + DT * k3[k];
            }
            derivatives(y, torque, k4);
            for (int k = 0; k < 4; k++) {
                y[k] = y0[k] + dt6 * (k1[k] + 2 * k2[k] + 2 * k3[k] + k4[k]);
            }
            state[o] = wrap(y[0], -Math.PI, Math.PI);
            state[o + 1] = wrap(y[1], -Math.PI, Math.PI);
            state[o + 2] = Math.min(Math.max(y[2], -MAX_VEL_1), MAX_VEL_1);
            state[o + 3] = Math.min(Math.max(y[3], -MAX_VEL_2), MAX_VEL_2);

            boolean done = -Math.cos(state[o]) - Math.cos(state[o + 1] + state[o]) > 1.0;
            terminated[i] = done;
            rewards[i] = done ? 0.0 : -1.0;
        }
    }

    /** Equations of motion ("book" variant), in Gymnasium's order of operations. */
    private static void derivatives(double[] s, double a, double[] out) {
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double cos2 = Math.cos(theta2);
        double sin2 = Math.sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    private static double wrap(double x, double m, double big) {
        double diff = big - m;
        while (x > big) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        int s = env * 4;
        int o = env * 6;
        observations[o] = (float) Math.cos(state[s]);
        observations[o + 1] = (float) Math.sin(state[s]);
        observations[o + 2] = (float) Math.cos(state[s + 1]);
        observations[o + 3] = (float) Math.sin(state[s + 1]);
        observations[o + 4] = (float) state[s + 2];
        observations[o + 5] = (float) state[s + 3];
    }
}
