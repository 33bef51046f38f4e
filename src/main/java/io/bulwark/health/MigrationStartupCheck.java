package io.bulwark.health;

import io.bulwark.database.MigrationStatus;
import io.bulwark.database.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once the schema has been migrated to the newest version; until then Kubernetes holds the other
 * probes back instead of restarting a pod that is waiting for its database.
 */
@Startup
@ApplicationScoped
public class MigrationStartupCheck implements HealthCheck {

    static final String NAME = "schema-migration";

    @Inject
    SchemaMigration migration;

    @Override
    public HealthCheckResponse call() {
        MigrationStatus status = migration.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(status.isDone())
                .withData("state", status.state().name())
                .withData("attempts", status.attempts());
        if (status.version() != null) {
            response.withData("version", status.version());
        }
        if (status.lastFailure() != null) {
            response.withData("error", status.lastFailure());
        }
        return response.build();
    }
}
