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

/**
 * A real PostgreSQL (zonky's embedded binaries) on a free loopback port, with the {@code bulwark} role and
 * database the application expects. Zonky reports success even when the port it was given belongs to
 * another PostgreSQL, so the server's data directory is checked after start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "bulwark";
    public static final String USER = "bulwark";
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
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
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, port);
            database.verifyOwnDataDirectory(dataDirectory);
            database.createApplicationDatabase();
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
