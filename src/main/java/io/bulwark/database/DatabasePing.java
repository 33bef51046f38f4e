package io.bulwark.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks PostgreSQL for an answer through the application's own pool (and so through the pooler in front of
 * it) within a short timeout, the way every request reaches it.
 */
@ApplicationScoped
public class DatabasePing {

    /**
     * The answer.
     *
     * @param reachable       whether PostgreSQL answered in time
     * @param latencyMillis   how long the round trip took
     * @param applicationName the connection's application_name as PostgreSQL sees it, or null
     * @param error           the failure's class and SQLState, or null
     */
    public record Result(boolean reachable, long latencyMillis, String applicationName, String error) {
    }

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "health.database.timeout-seconds", defaultValue = "2")
    int timeoutSeconds;

    public Result ping() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet result = statement.executeQuery("SELECT current_setting('application_name')")) {
                result.next();
                return new Result(true, (System.nanoTime() - started) / 1_000_000, result.getString(1), null);
            }
        } catch (SQLException | RuntimeException e) {
            return new Result(false, (System.nanoTime() - started) / 1_000_000, null, SqlFailures.describe(e));
        }
    }
}
