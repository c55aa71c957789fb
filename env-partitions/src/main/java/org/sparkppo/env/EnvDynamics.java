package org.sparkppo.env;

import org.sparkppo.seed.SplitMix64;

/**
 * The physics of one environment family, vectorized over a structure-of-arrays state block. This
 * is the extension point: implement it in your own jar, list the class in
 * {@code META-INF/services/org.sparkppo.env.EnvDynamics}, and name its {@link EnvSpec#id()} in the
 * config. {@link VectorEnv} adds what every environment shares: the time limit, auto-reset, episode
 * accounting, random streams and snapshots.
 *
 * <p>Implementations hold no mutable state (one instance serves many vector envs and threads) and
 * need a public no-argument constructor. Environment {@code i} owns
 * {@code state[i * stateDim .. (i + 1) * stateDim)}; its action is
 * {@code actions[i * actionDim .. (i + 1) * actionDim)} where {@code actionDim} is the action
 * space's {@link Space#flatDim()}.
 */
public interface EnvDynamics extends EnvFamily {

    @Override
    EnvSpec spec();

    @Override
    default VectorEnv create(int numEnvs, long seed, int partition) {
        return VectorEnv.create(this, numEnvs, seed, partition);
    }

    @Override
    default VectorEnv restore(byte[] snapshot) {
        return VectorEnv.restore(this, snapshot);
    }

    /** Draws the initial state of environment {@code env} from its own random stream. */
    void reset(double[] state, int env, SplitMix64 rng);

    /**
     * Advances environments {@code 0 .. numEnvs-1} by one step, writing each reward and whether
     * the new state is terminal. Truncation is not this method's concern.
     */
    void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs);

    /** Writes the observation of environment {@code env} into row {@code env} of the block. */
    void observe(double[] state, int env, float[] observations);
}
