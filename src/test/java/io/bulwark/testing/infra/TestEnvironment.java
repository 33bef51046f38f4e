package io.bulwark.testing.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The servers an integration-test run needs, started once per run in the test JVM: an embedded PostgreSQL
 * and, when the binary is installed, a PgBouncer in transaction mode in front of it. The application's
 * pooled connections go through PgBouncer when there is one; migrations always go direct.
 *
 * <p>Without pgbouncer the pooler tests are skipped, unless {@code -DrequirePgBouncer=true} (CI), which
 * makes its absence fail the run; the same holds for Chromium and the browser tests under
 * {@code -DrequireBrowser=true}.
 */
public final class TestEnvironment {

    private static final Logger LOG = Logger.getLogger(TestEnvironment.class.getName());

    /** Where Liberty creates a server's default keystore (the HTTPS certificate). */
    public static final String KEYSTORE = "resources/security/key.p12";

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
    private volatile Path managedServerDirectory;
    private static Boolean browserAvailable;

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

    /** Whether the browser tests can run; fails the run if CI demands a browser and there is none. */
    public static synchronized boolean browserAvailable() {
        if (browserAvailable == null) {
            Optional<String> missing = Browser.missing();
            if (missing.isPresent() && Boolean.getBoolean("bulwark.it.requireBrowser")) {
                throw new IllegalStateException(missing.get() + " but -DrequireBrowser=true: install it "
                        + "(Debian: apt-get install chromium chromium-driver)");
            }
            missing.ifPresent(reason -> LOG.warning(reason + ": the browser tests are skipped "
                    + "(apt-get install chromium chromium-driver, or -DrequireBrowser=true to fail instead)"));
            browserAvailable = missing.isEmpty();
        }
        return browserAvailable;
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
            // Made with an earlier run's keystore password, which would not open it; Liberty makes a new one.
            Files.deleteIfExists(serverDirectory.resolve(KEYSTORE));
            Files.deleteIfExists(serverDirectory.resolve("resources/security/keystore.password"));
            Files.deleteIfExists(serverDirectory.resolve("resources/security/ltpa.keys"));
            // Admin Center keeps each user's chart layout; every run starts from the defaults.
            deleteTree(serverDirectory.resolve("resources/adminCenter-1.0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        managedServerDirectory = serverDirectory;
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
        writeSharedServerHeap(serverDirectory);
        writeLocalConnector(serverDirectory);
        writeUserSwitches(serverDirectory);
    }

    /**
     * Which of server.xml's user files to include: what server.env works out from the environment when the server
     * starts through bin/server. Arquillian starts this one without it, and an include is resolved before the
     * configuration drop-ins are read, so the switches go where Liberty reads them first.
     */
    private static void writeUserSwitches(Path serverDirectory) {
        try {
            Files.writeString(serverDirectory.resolve("bootstrap.properties"), """
                    BULWARK_ADMIN_ACCOUNT=set
                    BULWARK_READER_ACCOUNT=set
                    BULWARK_LIBERTY_ADMIN_ACCOUNT=set
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Arquillian deploys each test's archive through the local JMX connector, which the product's configuration
     * leaves out: nothing in production needs it.
     */
    private static void writeLocalConnector(Path serverDirectory) {
        try {
            Files.writeString(serverDirectory.resolve("configDropins/overrides/arquillian-connector.xml"), """
                    <server>
                        <featureManager>
                            <feature>localConnector-1.0</feature>
                        </featureManager>
                    </server>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shared server receives every IT's archive in turn, some 45 deployments a run, and the memory of one
     * deployment is freed only some time after the next is up: at 192 MB it ran out of heap at the 30th. A
     * deployed Bulwark lives in one deployment; the tests that hold the process to the shipped 192 MB
     * (HostileTrafficIT) run a server of their own with the shipped jvm.options alone.
     */
    private static void writeSharedServerHeap(Path serverDirectory) {
        try {
            Files.writeString(serverDirectory.resolve("configDropins/overrides/jvm.options"),
                    "# The shared integration-test server only: it redeploys every test's archive.\n-Xmx320m\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * TLS that trusts exactly the certificate the managed server generated for this run (read from its
     * keystore with the run's password), so that HTTPS tests verify the server rather than trusting anything.
     */
    public SSLContext managedServerTls() {
        Path serverDirectory = managedServerDirectory;
        if (serverDirectory == null) {
            throw new IllegalStateException("the managed server has not been configured yet");
        }
        try (InputStream in = Files.newInputStream(serverDirectory.resolve(KEYSTORE))) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, credentials.keystorePassword().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the managed server's keystore", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the managed server's certificate", e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void stop() {
        if (pgBouncer != null) {
            pgBouncer.close();
        }
        database.close();
    }
}
