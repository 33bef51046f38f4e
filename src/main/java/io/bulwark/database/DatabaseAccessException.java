package io.bulwark.database;

import java.sql.SQLException;

/**
 * A JDBC failure, unchecked so that {@code @Transactional} rolls back on it; its cause carries the SQLState
 * that {@link FailureClassifier} reads.
 */
public class DatabaseAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseAccessException(SQLException cause) {
        super("database access failed", cause);
    }
}
