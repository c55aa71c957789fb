package org.sparkppo.env.classic;

import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.seed.SplitMix64;

/**
 * A built-in environment's physics, rewards, termination and time limit under a spec whose observation
 * leaves the velocities out: a partially observed variant for recurrent policies. Subclasses say which
 * part of the state they show.
 */
abstract class VelocityHidden implements EnvDynamics {
    private final EnvDynamics physics;
    private final EnvSpec spec;

    VelocityHidden(EnvDynamics physics, EnvSpec spec) {
        this.physics = physics;
        this.spec = spec;
    }

    @Override
    public final EnvSpec spec() {
        return spec;
    }

    @Override
    public final void reset(double[] state, int env, SplitMix64 rng) {
        physics.reset(state, env, rng);
    }

    @Override
    public final void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        physics.step(state, actions, rewards, terminated, numEnvs);
    }
}
