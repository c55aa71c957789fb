package org.sparkppo.train;

/** Training cannot go on (a non-finite loss or parameter): exit status 1, last checkpoint intact. */
public final class TrainingFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingFailure(String message) {
        super(message);
    }
}
