package io.bulwark.testing.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (zonky's embedded binaries) on a free loopback port, with the {@code bulwark} role and
 * database the application expects. Zonky reports success even when the port it was given belongs to
 * another PostgreSQL, so the server's data directory is checked after start. Zonky's defaults trade
 * durability for speed (no fsync, asynchronous commit); Bulwark's promise is about durable commits, so
 * both are turned back on. Commit timestamps are kept ({@code track_commit_timestamp}, a few bytes per
 * commit), so that a test can tell in which order the server's transactions committed. As root, zonky runs
 * PostgreSQL in a user namespace ({@code unshare -U}); so does {@link #restart()}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "bulwark";
    public static final String USER = "bulwark";
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final Path dataDirectory;
    private Path pgCtl;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port, Path dataDirectory) {
        this.postgres = postgres;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory}; {@code fresh} wipes whatever an earlier run left there.
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean fresh) {
        try {
            Files.createDirectories(dataDirectory);
            int port = FreePorts.next();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(fresh)
                    .setPort(port)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("track_commit_timestamp", "on")
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", "log")
                    .setServerConfig("log_filename", "postgresql.log")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, port, dataDirectory);
            database.verifyOwnDataDirectory(dataDirectory);
            database.createApplicationDatabase();
            database.pinServerSettings();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL could not be prepared", e);
        }
    }

    public int port() {
        return port;
    }

    /** A new superuser connection to the application's database. */
    public Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(DATABASE), SUPERUSER, "");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /** PostgreSQL's own log, where it records every statement error it answered with. */
    public Path log() {
        return dataDirectory.resolve("log/postgresql.log");
    }

    /** How many lines of PostgreSQL's log contain {@code fragment}. */
    public long logLinesContaining(String fragment) {
        try (Stream<String> lines = Files.lines(log(), java.nio.charset.StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(fragment)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops PostgreSQL the way an operator restart or a crash of the primary does for its clients: every
     * connection is cut ({@code pg_ctl stop -m fast}). {@link #restart()} brings it back on the same port.
     */
    public void stop() {
        pgCtl("stop", "-m", "fast");
    }

    /** Starts PostgreSQL again after {@link #stop()}, on the same port and data. */
    public void restart() {
        pgCtl("start", "-l", dataDirectory.resolve("restart.log").toString());
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", dataDirectory.toString(), "-w", "-t", "60"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("pg_ctl.out").toFile())).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("pg_ctl " + String.join(" ", arguments) + " failed; see " + dataDirectory.resolve("pg_ctl.out"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the settings zonky passes on the command line into postgresql.auto.conf, so that a plain
     * {@code pg_ctl start} after {@link #stop()} comes back the same, and finds zonky's pg_ctl through the
     * running postmaster.
     */
    private void pinServerSettings() throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET port = " + port);
            statement.execute("ALTER SYSTEM SET listen_addresses = '" + HOST + "'");
            statement.execute("ALTER SYSTEM SET max_connections = 300");
            statement.execute("ALTER SYSTEM SET fsync = on");
            statement.execute("ALTER SYSTEM SET synchronous_commit = on");
            statement.execute("ALTER SYSTEM SET track_commit_timestamp = on");
            statement.execute("ALTER SYSTEM SET logging_collector = on");
            statement.execute("ALTER SYSTEM SET log_directory = 'log'");
            statement.execute("ALTER SYSTEM SET log_filename = 'postgresql.log'");
        }
        String postmasterPid = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim();
        pgCtl = Files.readSymbolicLink(Path.of("/proc", postmasterPid, "exe")).resolveSibling("pg_ctl");
    }

    private void verifyOwnDataDirectory(Path expected) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('data_directory')")) {
            result.next();
            Path actual = Path.of(result.getString(1)).toRealPath();
            if (!actual.equals(expected.toRealPath())) {
                throw new IllegalStateException("port " + port + " answered from " + actual
                        + ", not from " + expected + ": another PostgreSQL holds it");
            }
        }
    }

    private void createApplicationDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                statement.execute("CREATE ROLE " + USER + " LOGIN");
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        }
    }
}
