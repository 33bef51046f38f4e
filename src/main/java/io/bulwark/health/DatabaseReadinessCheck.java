package io.bulwark.health;

import io.bulwark.database.CircuitBreakerStates;
import io.bulwark.database.ConnectionPoolStats;
import io.bulwark.database.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Ready once the schema is migrated, and from then on whatever the database does. Every replica shares one
 * database, so nothing about it is a reason to route traffic to another replica: a database outage, an open
 * circuit breaker or a pool whose every connection is busy (an ordinary burst) would take every replica out
 * of the Service at once, and senders would meet the ingress's own error instead of Bulwark's 503 with
 * Retry-After, while the replicas left in would take the whole load. So this check does no I/O and never goes
 * DOWN because of load; it reports the circuit breakers and the pool as data for whoever looks, and the
 * database's health is the business of {@code /api/database/health}, the metrics and the alerts. Its state
 * is also the gauge {@code health.ready} (1 while UP), read at each scrape, which the check's lack of I/O allows.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    static final String NAME = "database";

    @Inject
    SchemaMigration migration;

    @Inject
    CircuitBreakerStates circuits;

    @Inject
    ConnectionPoolStats pool;

    @Inject
    MetricRegistry metrics;

    void registerGauge(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        metrics.gauge(Metadata.builder().withName("health.ready")
                .withDescription("1 while the readiness check is UP, 0 while it is DOWN").build(),
                this, check -> check.call().getStatus() == HealthCheckResponse.Status.UP ? 1 : 0);
    }

    @Override
    public HealthCheckResponse call() {
        if (!migration.status().isDone()) {
            return HealthCheckResponse.named(NAME).down().withData("error", "schema not migrated").build();
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        List<String> open = circuits.openCircuits();
        if (!open.isEmpty()) {
            response.withData("openCircuits", String.join(", ", open));
        }
        Optional<ConnectionPoolStats.Figures> figures = pool.current();
        figures.ifPresent(now -> response.withData("poolInUse", now.inUse()).withData("poolMax", now.max()));
        return response.build();
    }
}
