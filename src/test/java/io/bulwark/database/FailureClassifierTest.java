package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @ParameterizedTest(name = "SQLState {0} is transient: {1}")
    @CsvSource({
            "08001, true", "08006, true", "08P01, true", "57P01, true", "57P02, true", "57P03, true",
            "40001, true", "40P01, true", "53300, true", "26000, true", "42P05, true", "57014, true",
            "23505, false", "23503, false", "22003, false", "22P02, false", "42601, false", "42P01, false"})
    void classifiesBySqlState(String sqlState, boolean transientFailure) {
        RuntimeException wrapped = new RuntimeException("outer", new DatabaseAccessException(new SQLException("x", sqlState)));

        assertEquals(transientFailure, FailureClassifier.isTransient(wrapped));
    }

    @Test
    void poolWaitTimeoutIsTransient() {
        assertEquals(true, FailureClassifier.isTransient(new RuntimeException(new SQLTransientConnectionException("pool"))));
    }

    @Test
    void commitRolledBackWithoutSqlStateIsTransient() {
        assertEquals(true, FailureClassifier.isTransient(new RuntimeException(new jakarta.transaction.RollbackException("lost"))));
    }

    @Test
    void commitRolledBackForADataErrorIsPermanent() {
        Exception rollback = new jakarta.transaction.RollbackException("unique");
        rollback.initCause(new SQLException("duplicate", "23505"));

        assertEquals(false, FailureClassifier.isTransient(rollback));
    }

    @Test
    void failuresWithoutSqlStateArePermanent() {
        assertEquals(false, FailureClassifier.isTransient(new IllegalStateException("bug")));
    }
}
