package org.sparkppo.config;

/**
 * Input the job refuses: a config key, a command-line option, a file. The message names the key or
 * file, what was expected and what was found; the job exits with status 2 and writes nothing.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
