package org.sparkppo.cli;

import java.util.OptionalDouble;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.classic.CartPole;
import org.sparkppo.seed.SplitMix64;

/**
 * CartPole-v1's dynamics whose reward becomes NaN from the 200th step an environment slot takes
 * (a fifth state entry counts steps across episodes): a broken environment that poisons training
 * after a few healthy iterations, for the non-finite-training test.
 */
public final class NaNRewardCartPole implements EnvDynamics {
    static final int HEALTHY_STEPS = 200;
    private static final CartPole CART_POLE = new CartPole();
    private static final EnvSpec SPEC = new EnvSpec("NaNRewardCartPole-v1", 500, OptionalDouble.empty(),
            CART_POLE.spec().observationSpace(), CART_POLE.spec().actionSpace(), 5);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        double[] cartPole = new double[4];
        CART_POLE.reset(cartPole, 0, rng);
        System.arraycopy(cartPole, 0, state, env * 5, 4);
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            double[] cartPole = new double[4];
            System.arraycopy(state, i * 5, cartPole, 0, 4);
            double[] reward = new double[1];
            boolean[] done = new boolean[1];
            CART_POLE.step(cartPole, new float[] {actions[i]}, reward, done, 1);
            System.arraycopy(cartPole, 0, state, i * 5, 4);
            state[i * 5 + 4]++;
            rewards[i] = state[i * 5 + 4] >= HEALTHY_STEPS ? Double.NaN : reward[0];
            terminated[i] = done[0];
        }
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        for (int k = 0; k < 4; k++) {
            observations[env * 4 + k] = (float) state[env * 5 + k];
        }
    }
}
