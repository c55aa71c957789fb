package org.sparkppo.env;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Environments by Gymnasium id. Every {@link EnvDynamics} listed in a
 * {@code META-INF/services/org.sparkppo.env.EnvDynamics} file and every {@link Environment} class
 * listed in a {@code META-INF/services/org.sparkppo.env.Environment} file on the class path is
 * registered, the built-in classic-control ones and those of user jars alike.
 */
public final class EnvRegistry {
    private final Map<String, EnvFamily> byId;

    private EnvRegistry(Map<String, EnvFamily> byId) {
        this.byId = byId;
    }

    /** The environments visible to {@code classLoader}. Two providers with one id are an error. */
    public static EnvRegistry load(ClassLoader classLoader) {
        Map<String, EnvFamily> byId = new TreeMap<>();
        try {
            for (EnvDynamics dynamics : ServiceLoader.load(EnvDynamics.class, classLoader)) {
                if (dynamics.spec().stateDim() < 1) {
                    throw new IllegalStateException("environment " + dynamics.getClass().getName() + " ('"
                            + dynamics.spec().id() + "') is an EnvDynamics with stateDim 0; it needs at least 1");
                }
                register(byId, dynamics);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("an environment listed in META-INF/services/"
                    + EnvDynamics.class.getName() + " could not be loaded: " + e.getMessage(), e);
        }
        try {
            ServiceLoader.load(Environment.class, classLoader).stream()
                    .forEach(provider -> register(byId, EnvironmentClass.of(provider.type())));
        } catch (ServiceConfigurationError | IllegalArgumentException | EnvironmentFailure e) {
            throw new IllegalStateException("an environment listed in META-INF/services/"
                    + Environment.class.getName() + " could not be loaded: " + e.getMessage(), e);
        }
        return new EnvRegistry(Collections.unmodifiableMap(byId));
    }

    private static void register(Map<String, EnvFamily> byId, EnvFamily family) {
        String id = family.spec().id();
        EnvFamily previous = byId.putIfAbsent(id, family);
        if (previous != null) {
            throw new IllegalStateException("environment id '" + id + "' is provided twice: by "
                    + previous.implementationName() + " and by " + family.implementationName());
        }
    }

    /** The registry last loaded by {@link #load()}, with the loader it was read from. */
    private record Loaded(ClassLoader loader, EnvRegistry registry) {
    }

    private static volatile Loaded last;

    /**
     * The environments visible to the thread's context loader (or this class's). Every task loads it once
     * per iteration, and reading the service files and constructing each object-API environment to read its
     * spec need not be repeated: the registry of the last loader asked for is kept (a run's loaders do not
     * gain environment jars once its tasks run).
     */
    public static EnvRegistry load() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : EnvRegistry.class.getClassLoader();
        Loaded cached = last;
        if (cached != null && cached.loader() == loader) {
            return cached.registry();
        }
        EnvRegistry registry = load(loader);
        last = new Loaded(loader, registry);
        return registry;
    }

    /**
     * The environment registered under {@code id}, of either API.
     *
     * @throws UnknownEnvironmentException naming the id and listing the known ones
     */
    public EnvFamily family(String id) {
        EnvFamily family = byId.get(id);
        if (family == null) {
            throw new UnknownEnvironmentException(id, byId.keySet());
        }
        return family;
    }

    /**
     * The dynamics registered under {@code id}.
     *
     * @throws UnknownEnvironmentException naming the id and listing the known ones
     * @throws IllegalArgumentException    when {@code id} is an {@link Environment} class (it has no dynamics)
     */
    public EnvDynamics dynamics(String id) {
        EnvFamily family = family(id);
        if (family instanceof EnvDynamics dynamics) {
            return dynamics;
        }
        throw new IllegalArgumentException("environment '" + id + "' is an object-API environment ("
                + family.implementationName() + "), not an " + EnvDynamics.class.getSimpleName());
    }

    public EnvSpec spec(String id) {
        return family(id).spec();
    }

    /** A fresh vector env of {@code id}; see {@link EnvFamily#create}. */
    public VectorEnv make(String id, int numEnvs, long seed, int partition) {
        return family(id).create(numEnvs, seed, partition);
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
