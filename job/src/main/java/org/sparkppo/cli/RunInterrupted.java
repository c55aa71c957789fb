package org.sparkppo.cli;

/** A run stopped by a signal ({@link StopOnSignal}): one line, exit status 128 + the signal's number. */
final class RunInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    RunInterrupted(String message, int exitStatus, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }
}
