package org.sparkppo.env;

/**
 * An {@link Environment} broke its contract while a vector env drove it: it threw, returned a
 * non-finite observation or reward, or an observation of the wrong size. The message names the
 * environment class, the env index and the step; {@link #at} adds where in the run it happened.
 * Deterministic: running the same step again fails again, so it is not worth a retry.
 */
public final class EnvironmentFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnvironmentFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure with {@code place} (e.g. "iteration 3, partition 1") in front of its message. */
    public EnvironmentFailure at(String place) {
        return new EnvironmentFailure(place + ": " + getMessage(), getCause());
    }
}
