package org.sparkppo.env;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Environments by Gymnasium id. Every {@link EnvDynamics} listed in a
 * {@code META-INF/services/org.sparkppo.env.EnvDynamics} file on the class path is registered,
 * the built-in classic-control ones and those of user jars alike.
 */
public final class EnvRegistry {
    private final Map<String, EnvDynamics> byId;

    private EnvRegistry(Map<String, EnvDynamics> byId) {
        this.byId = byId;
    }

    /** The environments visible to {@code classLoader}. Two providers with one id are an error. */
    public static EnvRegistry load(ClassLoader classLoader) {
        Map<String, EnvDynamics> byId = new TreeMap<>();
        try {
            for (EnvDynamics dynamics : ServiceLoader.load(EnvDynamics.class, classLoader)) {
                String id = dynamics.spec().id();
                EnvDynamics previous = byId.putIfAbsent(id, dynamics);
                if (previous != null) {
                    throw new IllegalStateException("environment id '" + id + "' is provided twice: by "
                            + previous.getClass().getName() + " and by " + dynamics.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("an environment listed in META-INF/services/"
                    + EnvDynamics.class.getName() + " could not be loaded: " + e.getMessage(), e);
        }
        return new EnvRegistry(Collections.unmodifiableMap(byId));
    }

    /** The environments visible to this class's loader and the thread's context loader. */
    public static EnvRegistry load() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return load(context != null ? context : EnvRegistry.class.getClassLoader());
    }

    /**
     * The dynamics registered under {@code id}.
     *
     * @throws UnknownEnvironmentException naming the id and listing the known ones
     */
    public EnvDynamics dynamics(String id) {
        EnvDynamics dynamics = byId.get(id);
        if (dynamics == null) {
            throw new UnknownEnvironmentException(id, byId.keySet());
        }
        return dynamics;
    }

    public EnvSpec spec(String id) {
        return dynamics(id).spec();
    }

    /** A fresh vector env of {@code id}; see {@link VectorEnv#create}. */
    public VectorEnv make(String id, int numEnvs, long seed, int partition) {
        return VectorEnv.create(dynamics(id), numEnvs, seed, partition);
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
