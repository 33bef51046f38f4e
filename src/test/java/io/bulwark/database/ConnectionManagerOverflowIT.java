package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.TransactionRunner;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A PostgreSQL backend ended under a connection that goes through PgBouncer overflows the stack of Liberty's
 * connection manager (see {@link ConnectionManagerOverflowInterceptor} for why); at the boundary of a
 * database operation that is a transient failure, and the next operation succeeds. When the first test
 * fails because the overflow is gone (a fixed PgJDBC or Liberty), the interceptor can go.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class ConnectionManagerOverflowIT {

    private static final String TERMINATE_OWN_BACKEND = "SELECT pg_terminate_backend(pg_backend_pid())";

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Inject
    OwnBackendTermination termination;

    @Inject
    TransactionRunner transactions;

    @Inject
    DatabaseMonitor monitor;

    @Test
    void backendEndedBehindPgBouncerOverflowsLibertysConnectionManager() throws Exception {
        DataSource pooled = InitialContext.doLookup("jdbc/bulwark");
        try (Connection connection = pooled.getConnection(); Statement statement = connection.createStatement()) {
            StackOverflowError overflow = assertThrows(StackOverflowError.class, () -> statement.execute(TERMINATE_OWN_BACKEND));

            assertTrue(ConnectionManagerOverflowInterceptor.raisedFormattingTheDriversFailure(overflow),
                    "raised by Liberty describing the driver's failure: " + overflow.getStackTrace()[0]);
            SQLException closed = assertThrows(SQLException.class, () -> statement.execute("SELECT 1"));
            assertTrue(FailureClassifier.isTransient(closed), "the connection is gone: " + SqlFailures.describe(closed));
        }
    }

    @Test
    void backendEndedStraightToPostgresIsAnOrdinaryConnectionFailure() throws Exception {
        DataSource direct = InitialContext.doLookup("jdbc/bulwarkMigration");
        try (Connection connection = direct.getConnection(); Statement statement = connection.createStatement()) {
            SQLException lost = assertThrows(SQLException.class, () -> statement.execute(TERMINATE_OWN_BACKEND));

            assertEquals("57P01", lost.getSQLState());
        }
    }

    @Test
    void backendEndedUnderAnOperationIsATransientFailureAndTheNextOperationSucceeds() {
        long failuresBefore = monitor.failureCounts().getOrDefault(OwnBackendTermination.OPERATION, 0L);

        TransientDatabaseException lost = assertThrows(TransientDatabaseException.class, termination::terminateOwnBackend);

        assertTrue(FailureClassifier.isTransient(lost));
        assertEquals(failuresBefore + 1, monitor.failureCounts().getOrDefault(OwnBackendTermination.OPERATION, 0L),
                "the monitor counted the lost connection");
        int answer = transactions.inNewTransaction(em -> ((Number) em.createNativeQuery("SELECT 1").getSingleResult()).intValue());
        assertEquals(1, answer, "the next operation gets a working connection");
    }
}
