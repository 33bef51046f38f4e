package io.bulwark.testing.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the run command's embedded PostgreSQL inside the Maven JVM ({@code mvn -Pembedded-db package
 * liberty:run}) and points the Liberty server at it. The database lives as long as that JVM (zonky stops it
 * from a shutdown hook) and keeps its data in {@code .bulwark/postgres} of the checkout between runs.
 *
 * <p>With {@code DB_HOST} set nothing is started and an earlier run's pointer is removed, so the server uses
 * the database the {@code DB_*} variables name.
 *
 * <p>Either way the server gets the development credentials of {@code .bulwark/dev.env} ({@link DevCredentials})
 * for every variable its environment leaves unset. They go into the Liberty user directory's
 * {@code shared/server.env}, which {@code bin/server} reads before the server's own {@code server.env}: that one is
 * copied afresh from server-config by every {@code liberty:run} and {@code liberty:dev}, and computes from them.
 */
public final class EmbeddedDatabaseLauncher {

    private EmbeddedDatabaseLauncher() {
    }

    public static void main(String[] args) throws IOException {
        Path serverDirectory = Path.of(System.getProperty("bulwark.embedded.serverDirectory"));
        Path pointer = serverDirectory.resolve("configDropins/overrides/embedded-database.xml");
        giveDevCredentials(serverDirectory, Path.of(System.getProperty("bulwark.embedded.devEnv")).toAbsolutePath());
        if (System.getenv("DB_HOST") != null) {
            Files.deleteIfExists(pointer);
            System.out.println("[bulwark] DB_HOST is set: no embedded PostgreSQL, the server uses the DB_* variables");
            return;
        }
        Path dataDirectory = Path.of(System.getProperty("bulwark.embedded.dataDirectory")).toAbsolutePath();
        stopLeftover(dataDirectory);
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

    /**
     * Stops a PostgreSQL that an earlier run left on the data directory. PostgreSQL runs in a session of its own,
     * so a Ctrl+C in the terminal reaches it only through the Maven JVM's shutdown, which does not always finish
     * stopping it; a second PostgreSQL on the same directory then cannot start, and the run would fail.
     */
    private static void stopLeftover(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        if (!firstLine.matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(firstLine))
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        System.out.printf("[bulwark] stopping the PostgreSQL an earlier run left on %s (pid %s)%n", dataDirectory, firstLine);
        // SIGTERM: PostgreSQL's smart shutdown, which waits for no client since the earlier run's are gone.
        leftover.get().destroy();
        try {
            leftover.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the earlier run's PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the earlier run's PostgreSQL (pid " + firstLine + ") did not stop; stop it and run again", e);
        }
    }

    private static void giveDevCredentials(Path serverDirectory, Path devEnv) throws IOException {
        boolean created = !Files.exists(devEnv);
        DevCredentials credentials = DevCredentials.ensure(devEnv);
        Path sharedEnv = serverDirectory.getParent().resolveSibling("shared").resolve("server.env");
        Files.createDirectories(sharedEnv.getParent());
        Files.writeString(sharedEnv, credentials.serverEnvironment(serverDirectory.getFileName().toString()));
        System.out.printf("[bulwark] dev credentials (source demo, users admin and reader) %s %s; load them in another shell: . %s%n",
                created ? "written to" : "kept in", devEnv, relative(devEnv));
    }

    private static Path relative(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return file.startsWith(here) ? here.relativize(file) : file;
    }
}
