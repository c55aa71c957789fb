package org.sparkppo.env.classic;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code MountainCar-v0} (Moore 1990), as Gymnasium 1.x's {@code classic_control/mountain_car.py}:
 * float64 state {@code (position, velocity)}, velocity and position clipped, the car stops at the
 * left wall, reward -1 per step. Actions 0, 1, 2 accelerate left, not at all, right.
 */
public final class MountainCar implements EnvDynamics {
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double GOAL_VELOCITY = 0;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;

    private static final EnvSpec SPEC = new EnvSpec("MountainCar-v0", 200, OptionalDouble.of(-110.0),
            new Box(new float[] {(float) MIN_POSITION, -(float) MAX_SPEED},
                    new float[] {(float) MAX_POSITION, (float) MAX_SPEED}, 2),
            new Discrete(3), 2);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        state[env * 2] = rng.uniform(-0.6, -0.4);
        state[env * 2 + 1] = 0.0;
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            int o = i * 2;
            double position = state[o];
            double velocity = state[o + 1];
            velocity += ((int) actions[i] - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
            velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
            position += velocity;
            position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
            if (position == MIN_POSITION && velocity < 0) {
                velocity = 0;
            }
            terminated[i] = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
            rewards[i] = -1.0;
            state[o] = position;
            state[o + 1] = velocity;
        }
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        observations[env * 2] = (float) state[env * 2];
        observations[env * 2 + 1] = (float) state[env * 2 + 1];
    }
}
