package org.sparkppo.env;

/**
 * What the registry holds for one environment id: its spec and how to build and restore vector envs
 * of it. Either an {@link EnvDynamics} (stateless physics over a state block) or an
 * {@link EnvironmentClass} (one {@link Environment} instance per slot).
 */
public interface EnvFamily {

    EnvSpec spec();

    /** A fresh vector env for partition {@code partition} of a run seeded with {@code seed}, every env reset. */
    VectorEnv create(int numEnvs, long seed, int partition);

    /**
     * The vector env {@link VectorEnv#snapshot()} bytes describe.
     *
     * @throws IllegalArgumentException when the bytes are no snapshot of this environment
     */
    VectorEnv restore(byte[] snapshot);

    /** The class a user wrote, for messages. */
    default String implementationName() {
        return getClass().getName();
    }

    /**
     * Whether {@link #restore} continues exactly where the snapshot was taken. When not, a restored
     * vector env continues exactly only in the JVM that took the snapshot and as long as it holds the
     * live instances; elsewhere it starts new episodes from each slot's derived reset stream.
     */
    default boolean restoresExactly() {
        return true;
    }

    /**
     * Whether the environment reports valid actions ({@link MaskedDynamics}, {@link MaskedEnvironment}),
     * so that {@link VectorEnv#actionMasks()} holds a mask row per environment.
     */
    default boolean masksActions() {
        return false;
    }
}
