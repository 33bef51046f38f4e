package io.bulwark.database;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the newest version with Flyway when the application starts, over the direct
 * PostgreSQL connection ({@code jdbc/bulwarkMigration}): Flyway's session-level advisory lock, which keeps
 * concurrently starting replicas from migrating at once, would leak between clients of a transaction-mode
 * pooler.
 *
 * <p>The first attempt runs during startup, so a healthy database is migrated before the application takes
 * traffic. If the database cannot be reached, the application still starts, reports itself not started and
 * not ready, and tries again in the background with a growing delay until it succeeds.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
    /**
     * Liberty's class loader finds a classpath folder only by a file in it: hence the empty flyway.location in
     * db/migration, and in db/callback, where Flyway always looks for Java callbacks.
     */
    private static final String LOCATION = "classpath:db/migration";

    @Resource(lookup = "jdbc/bulwarkMigration")
    private DataSource migrationDataSource;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "database.migration.retry-delay", defaultValue = "PT1S")
    private Duration firstRetryDelay;

    @Inject
    @ConfigProperty(name = "database.migration.max-retry-delay", defaultValue = "PT30S")
    private Duration maxRetryDelay;

    private volatile MigrationStatus status = MigrationStatus.pending();
    private volatile ScheduledFuture<?> pendingRetry;

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        migrate();
    }

    /** Where the migration stands; read by the startup and readiness checks. */
    public MigrationStatus status() {
        return status;
    }

    private synchronized void migrate() {
        int attempt = status.attempts() + 1;
        try {
            MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(migrationDataSource)
                    .locations(LOCATION)
                    .load()
                    .migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            if (version == null) {
                throw new IllegalStateException("no migration found in " + LOCATION);
            }
            status = new MigrationStatus(MigrationStatus.State.DONE, version, attempt, null);
            LOG.log(Level.INFO, "Schema at version {0} after {1} migration(s) applied", new Object[] {version, result.migrationsExecuted});
        } catch (RuntimeException e) {
            String failure = SqlFailures.describe(e);
            status = new MigrationStatus(MigrationStatus.State.FAILED, null, attempt, failure);
            Duration delay = retryDelay(attempt);
            LOG.log(Level.WARNING, "Schema migration attempt {0} failed ({1}); next attempt in {2} s",
                    new Object[] {attempt, failure, delay.toSeconds()});
            pendingRetry = scheduler.schedule(this::migrate, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Duration retryDelay(int attempt) {
        Duration delay = firstRetryDelay.multipliedBy(1L << Math.min(attempt - 1, 16));
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    @PreDestroy
    void stopRetrying() {
        ScheduledFuture<?> retry = pendingRetry;
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
