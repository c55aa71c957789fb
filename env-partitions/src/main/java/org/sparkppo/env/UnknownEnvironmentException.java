package org.sparkppo.env;

import java.util.Set;

/** An environment id that no registered {@link EnvDynamics} provides. */
public final class UnknownEnvironmentException extends IllegalArgumentException {
    private final String id;

    public UnknownEnvironmentException(String id, Set<String> known) {
        super("unknown environment id '" + id + "'; known ids: " + String.join(", ", known)
                + " (add your own by listing its Environment or EnvDynamics class in META-INF/services/"
                + Environment.class.getName() + " or " + EnvDynamics.class.getName() + ")");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
