package io.bulwark.testing.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PgBouncer in {@code pool_mode = transaction} on a free loopback port in front of the embedded
 * PostgreSQL: the pooler whose reuse of server connections breaks server-side prepared statements.
 * PgBouncer refuses to run as root, so as root it is started with {@code -u postgres} in a directory that
 * user can write.
 */
public final class PgBouncer implements AutoCloseable {

    /** Server connections per database/user pair: fewer than the application's pool, so clients share backends. */
    public static final int POOL_SIZE = 5;

    private static final String ADMIN_USER = "pgbouncer";

    private final Path workDirectory;
    private final int port;
    private Process process;

    private PgBouncer(Path workDirectory, int port) {
        this.workDirectory = workDirectory;
        this.port = port;
    }

    /** The pgbouncer binary on PATH or in Debian's /usr/sbin, if installed. */
    public static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "pgbouncer"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public static PgBouncer start(Path workDirectory, EmbeddedDatabase database) {
        PgBouncer bouncer = new PgBouncer(workDirectory, FreePorts.next());
        bouncer.stopLeftover();
        bouncer.writeConfiguration(database);
        try {
            bouncer.launch();
        } catch (RuntimeException e) {
            bouncer.close();
            throw e;
        }
        return bouncer;
    }

    public int port() {
        return port;
    }

    /** A new connection through PgBouncer to the application's database, as the application's role. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + EmbeddedDatabase.HOST + ":" + port + "/"
                + EmbeddedDatabase.DATABASE + "?prepareThreshold=0", EmbeddedDatabase.USER, "");
    }

    /** Runs a command on the admin console, such as {@code PAUSE}, {@code RESUME} or {@code SHOW POOLS}. */
    public List<List<String>> console(String command) {
        try (PgBouncerConsole console = new PgBouncerConsole(EmbeddedDatabase.HOST, port, ADMIN_USER)) {
            return console.execute(command);
        }
    }

    /** Like {@link #console}, each row as column name to value ({@code SHOW POOLS}' {@code cl_waiting}, ...). */
    public List<Map<String, String>> consoleRows(String command) {
        try (PgBouncerConsole console = new PgBouncerConsole(EmbeddedDatabase.HOST, port, ADMIN_USER)) {
            return console.executeByName(command);
        }
    }

    /** Kills PgBouncer as a crash or a pod restart would: every client and server connection is cut. */
    public void stop() {
        close();
    }

    /** Starts PgBouncer again on the same port with the same configuration after {@link #stop()}. */
    public void restart() {
        stopLeftover();
        launch();
    }

    /** A PgBouncer of an earlier run that was killed before it could stop its own. */
    private void stopLeftover() {
        Path pidFile = workDirectory.resolve("pgbouncer.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid)
                        .filter(handle -> handle.info().command().map(command -> command.endsWith("pgbouncer")).orElse(false))
                        .ifPresent(ProcessHandle::destroy);
                Files.delete(pidFile);
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot clear " + pidFile, e);
        }
    }

    private void writeConfiguration(EmbeddedDatabase database) {
        String ini = """
                [databases]
                %1$s = host=%2$s port=%3$d dbname=%1$s user=%4$s

                [pgbouncer]
                listen_addr = %2$s
                listen_port = %5$d
                unix_socket_dir =
                auth_type = any
                admin_users = %9$s
                pool_mode = transaction
                default_pool_size = %6$d
                max_client_conn = 2000
                ignore_startup_parameters = extra_float_digits
                server_reset_query =
                server_login_retry = 1
                log_connections = 0
                log_disconnections = 0
                logfile = %7$s
                pidfile = %8$s
                """.formatted(EmbeddedDatabase.DATABASE, EmbeddedDatabase.HOST, database.port(), EmbeddedDatabase.USER,
                port, POOL_SIZE, workDirectory.resolve("pgbouncer.log"), workDirectory.resolve("pgbouncer.pid"), ADMIN_USER);
        try {
            Files.createDirectories(workDirectory);
            Files.setPosixFilePermissions(workDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(workDirectory.resolve("pgbouncer.ini"), ini);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PgBouncer configuration", e);
        }
    }

    private void launch() {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("pgbouncer is not installed"));
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", unprivilegedUser()));
        }
        command.add(workDirectory.resolve("pgbouncer.ini").toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDirectory.resolve("pgbouncer.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("pgbouncer did not start", e);
        }
        awaitConnections();
    }

    /** Debian's pgbouncer package brings the postgres user (through postgresql-common); elsewhere nobody will do. */
    private static String unprivilegedUser() {
        try (Stream<String> users = Files.lines(Path.of("/etc/passwd"))) {
            return users.anyMatch(line -> line.startsWith("postgres:")) ? "postgres" : "nobody";
        } catch (IOException e) {
            return "nobody";
        }
    }

    private void awaitConnections() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + "; see " + workDirectory);
            }
            try (Connection connection = connection(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("pgbouncer did not pass connections to PostgreSQL on port " + port, last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
