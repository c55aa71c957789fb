package org.sparkppo.env;

import java.util.OptionalDouble;

/**
 * {@link ObjectCartPole}'s physics as an environment without {@link Snapshotting}: its vector envs
 * continue exactly only with the live instances of the JVM that snapshotted them.
 */
public final class SeedOnlyCartPole implements Environment {
    public static final String ID = "SeedOnlyCartPole-v1";
    private static final EnvSpec SPEC = new EnvSpec(ID, 500, OptionalDouble.empty(),
            new ObjectCartPole().spec().observationSpace(), new Discrete(2));
    private final ObjectCartPole physics = new ObjectCartPole();

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        return physics.reset(seed);
    }

    @Override
    public StepResult step(double[] action) {
        return physics.step(action);
    }
}
