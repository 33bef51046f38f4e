package io.bulwark.testing.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the run command's embedded PostgreSQL inside the Maven JVM ({@code mvn -Pembedded-db package
 * liberty:run}) and points the Liberty server at it. The database lives as long as that JVM (zonky stops it
 * from a shutdown hook) and keeps its data in {@code .bulwark/postgres} of the checkout between runs.
 *
 * <p>With {@code DB_HOST} set nothing is started and an earlier run's pointer is removed, so the server uses
 * the database the {@code DB_*} variables name.
 */
public final class EmbeddedDatabaseLauncher {

    private EmbeddedDatabaseLauncher() {
    }

    public static void main(String[] args) throws IOException {
        Path serverDirectory = Path.of(System.getProperty("bulwark.embedded.serverDirectory"));
        Path pointer = serverDirectory.resolve("configDropins/overrides/embedded-database.xml");
        if (System.getenv("DB_HOST") != null) {
            Files.deleteIfExists(pointer);
            System.out.println("[bulwark] DB_HOST is set: no embedded PostgreSQL, the server uses the DB_* variables");
            return;
        }
        Path dataDirectory = Path.of(System.getProperty("bulwark.embedded.dataDirectory")).toAbsolutePath();
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, false);
        LibertyVariables.write(pointer, Map.of(
                "DB_HOST", EmbeddedDatabase.HOST,
                "DB_PORT", String.valueOf(database.port()),
                "DB_NAME", EmbeddedDatabase.DATABASE,
                "DB_USER", EmbeddedDatabase.USER),
                LibertyVariables.Strength.DEFAULT);
        System.out.printf("[bulwark] embedded PostgreSQL on %s:%d, data in %s%n",
                EmbeddedDatabase.HOST, database.port(), dataDirectory);
    }
}
