package io.bulwark.testing.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The servers an integration-test run needs, started once per run in the test JVM: an embedded PostgreSQL
 * and, when the binary is installed, a PgBouncer in transaction mode in front of it. The application's
 * pooled connections go through PgBouncer when there is one; migrations always go direct.
 *
 * <p>Without pgbouncer the pooler tests are skipped, unless {@code -DrequirePgBouncer=true} (CI), which
 * makes its absence fail the run.
 */
public final class TestEnvironment {

    private static final Logger LOG = Logger.getLogger(TestEnvironment.class.getName());

    /**
     * The recovery worker polls every second in tests, but a FAILED event comes due only after a minute, so
     * that tests counting attempts are not raced by it; tests of recovery make their events due themselves.
     */
    /** Shorter than the default 5 s, so that the fault tests' lock outlasts every retry in a few seconds. */
    public static final String QUERY_TIMEOUT = "2s";

    public static final Map<String, String> RECOVERY_FOR_TESTS = Map.of(
            "webhook.recovery.interval", "PT1S",
            "webhook.recovery.base-delay", "PT60S");
    private static TestEnvironment current;

    private final EmbeddedDatabase database;
    private final PgBouncer pgBouncer;
    private final TestCredentials credentials = TestCredentials.random();

    private TestEnvironment(EmbeddedDatabase database, PgBouncer pgBouncer) {
        this.database = database;
        this.pgBouncer = pgBouncer;
    }

    public static synchronized TestEnvironment get() {
        if (current == null) {
            current = start();
        }
        return current;
    }

    /** Whether this run puts PgBouncer in front of the application; fails the run if CI demands one and it is missing. */
    public static boolean pgBouncerAvailable() {
        boolean installed = PgBouncer.binary().isPresent();
        if (!installed && Boolean.getBoolean("bulwark.it.requirePgBouncer")) {
            throw new IllegalStateException("pgbouncer is not installed but -DrequirePgBouncer=true: "
                    + "install it (Debian: apt-get install pgbouncer)");
        }
        return installed;
    }

    private static TestEnvironment start() {
        Path work = Path.of(System.getProperty("bulwark.it.workDirectory", "target/it"));
        EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), true);
        PgBouncer pgBouncer = null;
        if (pgBouncerAvailable()) {
            pgBouncer = PgBouncer.start(work.resolve("pgbouncer"), database);
        } else {
            LOG.warning("pgbouncer is not installed: the tests that need a transaction-mode pooler are skipped "
                    + "(apt-get install pgbouncer, or -DrequirePgBouncer=true to fail instead)");
        }
        TestEnvironment environment = new TestEnvironment(database, pgBouncer);
        Runtime.getRuntime().addShutdownHook(new Thread(environment::stop, "test-environment-stop"));
        return environment;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    public Optional<PgBouncer> pgBouncer() {
        return Optional.ofNullable(pgBouncer);
    }

    /** The admin login and the webhook sources' secrets the server is configured with for this run. */
    public TestCredentials credentials() {
        return credentials;
    }

    /** The port the application's pooled connections use: PgBouncer's if it runs, else PostgreSQL's. */
    public int applicationDatabasePort() {
        return pgBouncer().map(PgBouncer::port).orElse(database.port());
    }

    /**
     * Points a created Liberty server at this environment on the given HTTP ports, and takes out the
     * application declared in {@code application.xml}: the tests deploy their own archive of it.
     */
    public void configureLibertyServer(Path serverDirectory, int httpPort, int httpsPort) {
        try {
            Files.deleteIfExists(serverDirectory.resolve("application.xml"));
            // Left behind by a test server that was killed; Arquillian would take it for a running server.
            Files.deleteIfExists(serverDirectory.resolve("workarea/com.ibm.ws.jmx.local.address"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> variables = new HashMap<>(credentials.serverVariables());
        variables.putAll(RECOVERY_FOR_TESTS);
        variables.put("DB_QUERY_TIMEOUT", QUERY_TIMEOUT);
        variables.putAll(Map.of(
                "DB_HOST", EmbeddedDatabase.HOST,
                "DB_PORT", String.valueOf(applicationDatabasePort()),
                "DB_DIRECT_HOST", EmbeddedDatabase.HOST,
                "DB_DIRECT_PORT", String.valueOf(database.port()),
                "DB_NAME", EmbeddedDatabase.DATABASE,
                "DB_USER", EmbeddedDatabase.USER,
                "HTTP_PORT", String.valueOf(httpPort),
                "HTTPS_PORT", String.valueOf(httpsPort),
                "BULWARK_INSTANCE", "it-" + UUID.randomUUID().toString().substring(0, 8)));
        LibertyVariables.write(serverDirectory.resolve("configDropins/overrides/test-environment.xml"), variables,
                LibertyVariables.Strength.FIXED);
    }

    private void stop() {
        if (pgBouncer != null) {
            pgBouncer.close();
        }
        database.close();
    }
}
