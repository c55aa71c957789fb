package org.sparkppo.env;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;

/**
 * An {@link Environment} class as the registry holds it: builds one instance per environment slot
 * through the class's public no-argument constructor. Restores exactly when the class implements
 * {@link Snapshotting}.
 */
public final class EnvironmentClass implements EnvFamily {
    private final Constructor<? extends Environment> constructor;
    private final EnvSpec spec;

    private EnvironmentClass(Constructor<? extends Environment> constructor, EnvSpec spec) {
        this.constructor = constructor;
        this.spec = spec;
    }

    /**
     * The family of {@code type}, its spec read from one instance.
     *
     * @throws IllegalArgumentException when the class has no public no-argument constructor, its
     *                                  constructor throws or its spec is missing
     */
    public static EnvironmentClass of(Class<? extends Environment> type) {
        Constructor<? extends Environment> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("environment class " + type.getName()
                    + " needs a public no-argument constructor", e);
        }
        EnvSpec spec = Objects.requireNonNull(construct(constructor).spec(),
                () -> "environment class " + type.getName() + " returned no spec");
        return new EnvironmentClass(constructor, spec);
    }

    private static Environment construct(Constructor<? extends Environment> constructor) {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new EnvironmentFailure("environment " + constructor.getDeclaringClass().getName()
                    + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("environment class " + constructor.getDeclaringClass().getName()
                    + " cannot be constructed: " + e, e);
        }
    }

    /** A new instance, in no episode yet. */
    public Environment newInstance() {
        return construct(constructor);
    }

    public Class<? extends Environment> type() {
        return constructor.getDeclaringClass();
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public VectorEnv create(int numEnvs, long seed, int partition) {
        return VectorEnv.create(this, numEnvs, seed, partition);
    }

    @Override
    public VectorEnv restore(byte[] snapshot) {
        return VectorEnv.restore(this, snapshot);
    }

    @Override
    public String implementationName() {
        return type().getName();
    }

    @Override
    public boolean restoresExactly() {
        return Snapshotting.class.isAssignableFrom(type());
    }

    @Override
    public boolean masksActions() {
        return MaskedEnvironment.class.isAssignableFrom(type());
    }
}
