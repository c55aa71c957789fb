package org.sparkppo.env;

/**
 * The object API for an environment, beside {@link EnvDynamics}: one instance per environment slot,
 * with Gymnasium's {@code Env} contract ({@code reset(seed)} → observation, {@code step(action)} →
 * observation, reward, terminated, truncated). Implement it in your own jar with a public
 * no-argument constructor, list the class in {@code META-INF/services/org.sparkppo.env.Environment},
 * and name its {@link EnvSpec#id()} in the config ({@code env.id}). {@link VectorEnv} drives N
 * instances with the same time limit, auto-reset, final observation and episode accounting as it
 * gives {@link EnvDynamics}, so everything downstream sees no difference.
 *
 * <p>An instance is used by one thread at a time. Its spec is the same for every instance of the
 * class. An instance that also implements {@link Snapshotting} keeps every guarantee of the built-in
 * environments (recomputed partitions, resumed runs and repeated runs bit-identical); without it a
 * recomputed partition or a resumed run starts new episodes from derived seeds (see the README).
 */
public interface Environment {

    /** The id, spaces and time limit; {@link EnvSpec#stateDim()} is unused here (0 by the 5-argument constructor). */
    EnvSpec spec();

    /**
     * Starts a new episode whose randomness is decided by {@code seed} alone (the same seed gives the
     * same episode under the same actions) and returns its first observation, of the observation
     * space's {@link Space#flatDim()} entries.
     */
    double[] reset(long seed);

    /**
     * Advances the episode by one step. For a {@link Discrete} action space {@code action} has one
     * entry holding the action's index exactly; for a {@link MultiDiscrete} one such entry per
     * component; for a {@link Box} it has the box's
     * {@link Space#flatDim()} entries, within its bounds. The array is reused by the caller after the
     * call returns.
     */
    StepResult step(double[] action);
}
