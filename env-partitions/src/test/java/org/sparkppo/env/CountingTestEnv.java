package org.sparkppo.env;

import java.util.OptionalDouble;
import org.sparkppo.seed.SplitMix64;

/**
 * A user-style environment registered only on the test class path, through
 * {@code src/test/resources/META-INF/services/org.sparkppo.env.EnvDynamics}: a counter that starts
 * at a random {@code x} in [0, 0.5) and adds the action (Discrete(2)) on every step, earning it as
 * reward. It terminates once {@code x >= 5}, and its time limit is also 5 steps, so five 1-actions
 * end an episode terminated and truncated at once while any 0-action leaves it to be truncated.
 */
public final class CountingTestEnv implements EnvDynamics {
    public static final String ID = "CountingTest-v0";
    public static final int TIME_LIMIT = 5;
    private static final double TARGET = 5.0;

    private static final EnvSpec SPEC = new EnvSpec(ID, TIME_LIMIT, OptionalDouble.empty(),
            Box.uniform(0f, 10f, 1), new Discrete(2), 1);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        state[env] = rng.uniform(0.0, 0.5);
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            state[i] += actions[i];
            rewards[i] = actions[i];
            terminated[i] = state[i] >= TARGET;
        }
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        observations[env] = (float) state[env];
    }
}
