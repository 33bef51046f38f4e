package io.bulwark.health;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TcpProxy;
import io.bulwark.testing.infra.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pod that starts before its database can be reached for migrations: not started and not ready (but
 * alive) until it can, then started and ready without a restart.
 */
@ExtendWith(ArquillianExtension.class)
class StartupProbeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void startupWaitsForTheMigrationDatabaseAndThenComesUp() {
        TestEnvironment environment = TestEnvironment.get();
        try (TcpProxy lateDatabase = new TcpProxy()) {
            try (LibertyServer server = LibertyServer.startUnready("bulwark-late", environment.applicationDatabasePort(), Map.of(
                    "DB_DIRECT_PORT", String.valueOf(lateDatabase.port()),
                    "DATABASE_MIGRATION_RETRY_DELAY", "PT0.5S",
                    "DATABASE_MIGRATION_MAX_RETRY_DELAY", "PT1S"))) {
                assertTrue(server.awaitStatus("/health/started", 503, Duration.ofSeconds(60)), "not started while migrations cannot run");
                assertTrue(server.awaitStatus("/health/ready", 503, Duration.ofSeconds(10)), "not ready either");
                assertTrue(server.awaitStatus("/health/live", 200, Duration.ofSeconds(10)), "but alive: a restart would not help");

                lateDatabase.forwardTo(environment.database().port());

                assertTrue(server.awaitStatus("/health/started", 200, Duration.ofSeconds(20)), "started once the database is there");
                assertTrue(server.awaitStatus("/health/ready", 200, Duration.ofSeconds(10)), "and ready");
            }
        }
    }
}
