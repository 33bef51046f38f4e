package io.bulwark.health;

import io.bulwark.database.CircuitBreakerStates;
import io.bulwark.database.ConnectionPoolStats;
import io.bulwark.database.DatabasePing;
import io.bulwark.database.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the schema is migrated, no database circuit breaker is open, the connection pool is not
 * exhausted (every connection in use: new requests would wait), and PostgreSQL answers through the
 * application's own pool (and so through the pooler in front of it) within a short timeout. A failure is
 * reported by class and SQLState only: this endpoint is unauthenticated and driver messages name hosts.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    static final String NAME = "database";

    @Inject
    DatabasePing ping;

    @Inject
    SchemaMigration migration;

    @Inject
    CircuitBreakerStates circuits;

    @Inject
    ConnectionPoolStats pool;

    @Override
    public HealthCheckResponse call() {
        if (!migration.status().isDone()) {
            return HealthCheckResponse.named(NAME).down().withData("error", "schema not migrated").build();
        }
        List<String> open = circuits.openCircuits();
        if (!open.isEmpty()) {
            return HealthCheckResponse.named(NAME).down().withData("error", "circuit open: " + String.join(", ", open)).build();
        }
        Optional<ConnectionPoolStats.Figures> figures = pool.current();
        if (figures.isPresent() && figures.get().exhausted()) {
            return HealthCheckResponse.named(NAME).down()
                    .withData("error", "connection pool exhausted")
                    .withData("poolInUse", figures.get().inUse())
                    .withData("poolMax", figures.get().max())
                    .build();
        }
        DatabasePing.Result answer = ping.ping();
        return answer.reachable()
                ? HealthCheckResponse.named(NAME).up().withData("latencyMillis", answer.latencyMillis()).build()
                : HealthCheckResponse.named(NAME).down().withData("error", answer.error()).build();
    }
}
