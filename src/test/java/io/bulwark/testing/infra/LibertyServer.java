package io.bulwark.testing.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A further Liberty server with the packaged application, beside the one Arquillian manages: a second
 * replica, or a server configured differently (prepared statements on). It is made from the runtime the
 * build installed, the configuration in {@code server-config/} and {@code target/bulwark.war}, and
 * configured only through environment variables, as an operator would.
 */
public final class LibertyServer implements AutoCloseable {

    private final String name;
    private final Path wlpHome;
    private final int httpPort;
    private final Map<String, String> environment;
    private boolean killed;

    private LibertyServer(String name, Path wlpHome, int httpPort, Map<String, String> environment) {
        this.name = name;
        this.wlpHome = wlpHome;
        this.httpPort = httpPort;
        this.environment = environment;
    }

    /**
     * Creates and starts a server named {@code name} whose application connects to {@code databasePort}
     * (PgBouncer's or PostgreSQL's) with the test run's credentials and sources, plus {@code settings}.
     */
    public static LibertyServer start(String name, int databasePort, Map<String, String> settings) {
        LibertyServer server = startUnready(name, databasePort, settings);
        server.awaitReady();
        return server;
    }

    /**
     * Like {@link #start}, with the variables named in {@code unset} left out of the server's environment, as an
     * operator who never set them: for settings given another way (DATABASE_URL instead of DB_*).
     */
    public static LibertyServer start(String name, int databasePort, Map<String, String> settings, Set<String> unset) {
        LibertyServer server = startUnready(name, databasePort, settings, unset);
        server.awaitReady();
        return server;
    }

    /** Like {@link #start}, but returns as soon as the server process has started, ready or not. */
    public static LibertyServer startUnready(String name, int databasePort, Map<String, String> settings) {
        return startUnready(name, databasePort, settings, Set.of());
    }

    /**
     * Like {@link #start(String, int, Map, Set)}, but returns as soon as the server process has started.
     *
     * @throws IllegalStateException when bin/server refuses to start it; {@link #startOutput} says why
     */
    public static LibertyServer startUnready(String name, int databasePort, Map<String, String> settings, Set<String> unset) {
        TestEnvironment test = TestEnvironment.get();
        Map<String, String> environment = new HashMap<>(test.credentials().environmentVariables());
        int httpPort = FreePorts.next();
        environment.putAll(Map.of(
                "DB_HOST", EmbeddedDatabase.HOST,
                "DB_PORT", String.valueOf(databasePort),
                "DB_DIRECT_HOST", EmbeddedDatabase.HOST,
                "DB_DIRECT_PORT", String.valueOf(test.database().port()),
                "DB_NAME", EmbeddedDatabase.DATABASE,
                "DB_USER", EmbeddedDatabase.USER,
                "HTTP_PORT", String.valueOf(httpPort),
                "HTTPS_PORT", String.valueOf(FreePorts.next()),
                "HOSTNAME", name));
        TestEnvironment.RECOVERY_FOR_TESTS.forEach((key, value) ->
                environment.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
        environment.put("DB_QUERY_TIMEOUT", TestEnvironment.QUERY_TIMEOUT);
        environment.putAll(settings);
        environment.keySet().removeAll(unset);
        LibertyServer server = new LibertyServer(name, Path.of(required("bulwark.it.wlpHome")), httpPort, environment);
        server.create();
        server.run("start");
        return server;
    }

    /** What bin/server printed for the server named {@code name}: the reason a start was refused. */
    public static String startOutput(String name) {
        try {
            return Files.readString(Path.of(required("bulwark.it.wlpHome")).resolve("usr/servers/" + name + ".out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** The port of the server's HTTP endpoint. */
    public int httpPort() {
        return httpPort;
    }

    /**
     * The command line the server JVM runs with, as the kernel reports it: shows which {@code jvm.options} it
     * took (heap limit, what to do on OutOfMemoryError).
     */
    public List<String> jvmArguments() {
        try {
            String commandLine = Files.readString(Path.of("/proc", Long.toString(pid()), "cmdline"));
            return List.of(commandLine.split("\u0000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server JVM is still alive; false once it exited, for example on an OutOfMemoryError. */
    public boolean running() {
        try {
            return !exited(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Forgets a server whose JVM died on its own (an OutOfMemoryError with {@code -XX:+ExitOnOutOfMemoryError}):
     * removes the pid file it left, so that {@link #close()} has nothing left to stop. Does nothing while it runs.
     */
    public void forgetIfDead() {
        if (killed || running()) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        killed = true;
    }

    /** The server JVM's process id, from the pid file bin/server writes. */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the server JVM with SIGKILL, as the OOM killer or a lost node would: no shutdown hook runs and
     * Liberty closes nothing itself. Returns once the process has exited, its sockets closed by the kernel,
     * and removes the pid file it leaves behind, so that a server of the same name can be started again;
     * {@link #close()} then has nothing left to stop.
     */
    public void kill() {
        long pid = pid();
        ProcessHandle process = ProcessHandle.of(pid)
                .filter(handle -> handle.info().command().map(command -> command.endsWith("java")).orElse(false))
                .orElseThrow(() -> new IllegalStateException("server " + name + " has no running JVM " + pid));
        process.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!exited(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server " + name + " (pid " + pid + ") did not die of SIGKILL");
            }
            sleep(20);
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        killed = true;
    }

    /**
     * Starts the server again after {@link #kill()}, as a supervisor restarting a crashed process would: in its
     * own directory, with the workarea the killed JVM left behind, on the same ports and configuration.
     */
    public void restart() {
        if (!killed) {
            throw new IllegalStateException("server " + name + " was not killed");
        }
        killed = false;
        run("start");
        awaitReady();
    }

    /**
     * Gone, or a zombie: bin/server started the JVM in the background, so only init reaps it, whenever it
     * gets to it; a zombie already holds no memory, file or socket.
     */
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pidFile() {
        return wlpHome.resolve("usr/servers/.pid/" + name + ".pid");
    }

    public Path log() {
        return serverDirectory().resolve("logs/messages.log");
    }

    private Path serverDirectory() {
        return wlpHome.resolve("usr/servers").resolve(name);
    }

    private void create() {
        Path directory = serverDirectory();
        try {
            if (Files.exists(directory)) {
                deleteTree(directory);
            }
            Files.createDirectories(directory.resolve("apps"));
            Files.createDirectories(directory.resolve("jdbc"));
            // The whole of server-config, as the image and liberty:run take it: mappings/ included.
            Path config = Path.of(required("bulwark.it.serverConfig"));
            try (Stream<Path> files = Files.walk(config)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = directory.resolve(config.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
            Path driver = wlpHome.resolve("usr/servers").resolve(required("bulwark.it.serverName")).resolve("jdbc/postgresql.jar");
            Files.copy(driver, directory.resolve("jdbc/postgresql.jar"));
            Files.copy(Path.of(required("bulwark.it.war")), directory.resolve("apps/bulwark.war"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create server " + name, e);
        }
    }

    private void run(String action) {
        ProcessBuilder builder = new ProcessBuilder(List.of(wlpHome.resolve("bin/server").toString(), action, name))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(wlpHome.resolve("usr/servers/" + name + ".out").toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("server " + action + " " + name + " failed; see " + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        if (!awaitStatus("/health/ready", 200, Duration.ofMinutes(3))) {
            throw new IllegalStateException("server " + name + " did not become ready; see " + log());
        }
    }

    /** Polls {@code path} until it answers {@code status}; false when it did not within {@code limit}. */
    public boolean awaitStatus(String path, int status, Duration limit) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == status) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run the integration tests through mvn verify");
        }
        return value;
    }

    @Override
    public void close() {
        if (!killed) {
            run("stop");
        }
    }
}
