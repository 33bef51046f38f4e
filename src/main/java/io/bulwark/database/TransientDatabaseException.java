package io.bulwark.database;

/**
 * A database failure that another attempt in a fresh transaction may not meet: the one exception type the
 * services' {@code @Retry} and {@code @CircuitBreaker} policies react to. {@link #rethrow} decides, with
 * {@link FailureClassifier}, which failures become one.
 */
public class TransientDatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransientDatabaseException(Throwable cause) {
        super("transient database failure: " + SqlFailures.describe(cause), cause);
    }

    /** Rethrows the failure as a {@code TransientDatabaseException} when it is transient, else as it is. */
    public static RuntimeException rethrow(RuntimeException failure) {
        if (failure instanceof TransientDatabaseException || !FailureClassifier.isTransient(failure)) {
            throw failure;
        }
        throw new TransientDatabaseException(failure);
    }
}
