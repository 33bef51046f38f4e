package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {

    @Test
    void namesTheExceptionThatCarriesTheSqlState() {
        SQLException refused = new SQLException("Connection to db.internal:5432 refused", "08001",
                new ConnectException("Connection refused"));
        RuntimeException wrapped = new RuntimeException("migration failed", refused);

        assertEquals("SQLException[08001]", SqlFailures.describe(wrapped));
    }

    @Test
    void neverRepeatsTheMessageWhichMayNameHostsOrUsers() {
        String described = SqlFailures.describe(new IllegalStateException("password for user admin is s3cret"));

        assertEquals("IllegalStateException", described);
        assertFalse(described.contains("s3cret"));
    }

    @Test
    void fallsBackToTheRootCauseWithoutSqlState() {
        assertEquals("ConnectException",
                SqlFailures.describe(new RuntimeException("outer", new ConnectException("refused"))));
    }
}
