package org.sparkppo.env.classic;

import org.sparkppo.env.Box;
import org.sparkppo.env.EnvSpec;

/**
 * {@code PendulumNoVel-v1}: {@link Pendulum} with the angular velocity removed from the observation, which
 * is {@code (cos θ, sin θ)}; the physics, rewards and time limit are Pendulum-v1's. A partially observed
 * task for recurrent policies (sb3-contrib's test environment): one frame does not say how fast the
 * pendulum swings.
 */
public final class PendulumNoVel extends VelocityHidden {
    private static final EnvSpec FULL = new Pendulum().spec();
    private static final EnvSpec SPEC = new EnvSpec("PendulumNoVel-v1", FULL.maxEpisodeSteps(), FULL.rewardThreshold(),
            new Box(new float[] {-1, -1}, new float[] {1, 1}, 2), FULL.actionSpace(), FULL.stateDim());

    public PendulumNoVel() {
        super(new Pendulum(), SPEC);
    }

    /** {@code (cos θ, sin θ)} as float32, the first two components of Pendulum-v1's observation. */
    @Override
    public void observe(double[] state, int env, float[] observations) {
        int s = env * 2;
        int o = env * 2;
        observations[o] = (float) Math.cos(state[s]);
        observations[o + 1] = (float) Math.sin(state[s]);
    }
}
