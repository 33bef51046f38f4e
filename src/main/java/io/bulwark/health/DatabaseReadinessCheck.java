package io.bulwark.health;

import io.bulwark.database.SchemaMigration;
import io.bulwark.database.SqlFailures;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the schema is migrated, no database circuit breaker is open, and PostgreSQL answers
 * {@code SELECT 1} through the application's own pool (and so through the pooler in front of it) within a
 * short timeout. The failure is reported by class
 * and SQLState only: this endpoint is unauthenticated and driver messages name hosts and users.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    static final String NAME = "database";

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    @Inject
    SchemaMigration migration;

    @Inject
    CircuitBreakerStates circuits;

    @Inject
    @ConfigProperty(name = "health.database.timeout-seconds", defaultValue = "2")
    int timeoutSeconds;

    @Override
    public HealthCheckResponse call() {
        if (!migration.status().isDone()) {
            return HealthCheckResponse.named(NAME).down().withData("error", "schema not migrated").build();
        }
        List<String> open = circuits.openCircuits();
        if (!open.isEmpty()) {
            return HealthCheckResponse.named(NAME).down().withData("error", "circuit open: " + String.join(", ", open)).build();
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                result.next();
            }
            return HealthCheckResponse.named(NAME).up()
                    .withData("latencyMillis", (System.nanoTime() - started) / 1_000_000)
                    .build();
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", SqlFailures.describe(e)).build();
        }
    }
}
