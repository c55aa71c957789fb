package org.sparkppo.env.classic;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;

/**
 * {@code CartPoleNoVel-v1}: {@link CartPole} with the two velocities removed from the observation, which
 * is {@code (x, θ)}; the physics, rewards, termination and time limit are CartPole-v1's. A partially
 * observed task (sb3-contrib's and RLlib's test environment for recurrent policies): a feed-forward policy
 * sees one frame and cannot tell which way the pole is moving.
 */
public final class CartPoleNoVel extends VelocityHidden {
    private static final EnvSpec FULL = new CartPole().spec();
    private static final Box FULL_OBSERVATION = FULL.observationSpace();
    private static final EnvSpec SPEC = new EnvSpec("CartPoleNoVel-v1", FULL.maxEpisodeSteps(), FULL.rewardThreshold(),
            new Box(new float[] {FULL_OBSERVATION.low(0), FULL_OBSERVATION.low(2)},
                    new float[] {FULL_OBSERVATION.high(0), FULL_OBSERVATION.high(2)}, 2),
            new Discrete(2), FULL.stateDim());

    public CartPoleNoVel() {
        super(new CartPole(), SPEC);
    }

    /** {@code (x, θ)} as float32, the components 0 and 2 of CartPole-v1's observation. */
    @Override
    public void observe(double[] state, int env, float[] observations) {
        int s = env * 4;
        int o = env * 2;
        observations[o] = (float) state[s];
        observations[o + 1] = (float) state[s + 2];
    }
}
