package org.sparkppo.env.classic;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code MountainCarContinuous-v0}, as Gymnasium 1.x's
 * {@code classic_control/continuous_mountain_car.py}: the force is the action clipped to [-1, 1],
 * the state is stored as float32 after every step (termination is decided on the float64 values
 * before that rounding), and the reward charges 0.1·a² on the <em>unclipped</em> action, plus 100
 * on reaching the goal at position 0.45.
 */
public final class MountainCarContinuous implements EnvDynamics {
    private static final double MIN_ACTION = -1.0;
    private static final double MAX_ACTION = 1.0;
    private static final double GOAL_POSITION = 0.45;
    private static final double GOAL_VELOCITY = 0;
    private static final double POWER = 0.0015;

    private static final EnvSpec SPEC = new EnvSpec("MountainCarContinuous-v0", 999, OptionalDouble.of(90.0),
            new Box(new float[] {(float) MountainCar.MIN_POSITION, -(float) MountainCar.MAX_SPEED},
                    new float[] {(float) MountainCar.MAX_POSITION, (float) MountainCar.MAX_SPEED}, 2),
            new Box(new float[] {(float) MIN_ACTION}, new float[] {(float) MAX_ACTION}, 1), 2);

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
            double action = actions[i];
            double force = Math.min(Math.max(action, MIN_ACTION), MAX_ACTION);
            velocity += force * POWER - 0.0025 * Math.cos(3 * position);
            if (velocity > MountainCar.MAX_SPEED) {
                velocity = MountainCar.MAX_SPEED;
            }
            if (velocity < -MountainCar.MAX_SPEED) {
                velocity = -MountainCar.MAX_SPEED;
            }
            position += velocity;
            if (position > MountainCar.MAX_POSITION) {
                position = MountainCar.MAX_POSITION;
            }
            if (position < MountainCar.MIN_POSITION) {
                position = MountainCar.MIN_POSITION;
            }
            if (position == MountainCar.MIN_POSITION && velocity < 0) {
                velocity = 0;
            }
            boolean done = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
            double reward = done ? 100.0 : 0.0;
            reward -= action * action * 0.1;
            terminated[i] = done;
            rewards[i] = reward;
            state[o] = (float) position;
            state[o + 1] = (float) velocity;
        }
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        observations[env * 2] = (float) state[env * 2];
        observations[env * 2 + 1] = (float) state[env * 2 + 1];
    }
}
