package io.bulwark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load test (src/tools/java) run as an operator runs it, in a JVM of its own, against the test server:
 * every signing scheme is accepted, and the numbers it reports are the deliveries the server stored. It runs from
 * the classes the build compiled into target/tools-classes, which never reach the application or the test archives.
 */
@ExtendWith(ArquillianExtension.class)
class LoadTestIT {

    private static final Path CLASSES = Path.of(System.getProperty("bulwark.it.buildDirectory", "target"), "tools-classes");
    private static final Path REPORTS = Path.of(System.getProperty("bulwark.it.workDirectory", "target/it"));

    private final String url = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final TestCredentials credentials = TestEnvironment.get().credentials();

    /** A finished run: its exit code, what it printed, and its JSON report (absent when it was refused). */
    private record Run(int exitCode, String output, JsonObject report) {
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void reportMatchesWhatTheServerStored() {
        Run run = run(Map.of("load.source", TestCredentials.STANDARD_SOURCE, "load.count", "400", "load.duration", "PT120S",
                "load.concurrency", "8"), credentials.standardSecret());

        assertEquals(0, run.exitCode(), run.output());
        JsonObject report = run.report();
        assertEquals(400, report.getInt("sent"));
        assertEquals(400, report.getInt("acknowledged"));
        assertEquals(0, report.getInt("errors"));
        assertEquals("{\"200\":400}", report.getJsonObject("statuses").toString());
        assertEquals(400, stored(report), "every acknowledged delivery is stored, once");
        JsonObject latency = report.getJsonObject("latencyMillis");
        double p50 = latency.getJsonNumber("p50").doubleValue();
        double p90 = latency.getJsonNumber("p90").doubleValue();
        double p99 = latency.getJsonNumber("p99").doubleValue();
        double max = latency.getJsonNumber("max").doubleValue();
        assertTrue(0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max, latency.toString());
        double throughput = report.getJsonNumber("throughputPerSecond").doubleValue();
        assertEquals(400 / report.getJsonNumber("elapsedSeconds").doubleValue(), throughput, throughput * 0.01);
        assertTrue(run.output().contains("latency (ms)   p50 "), run.output());
    }

    @Test
    void everySchemeIsSignedAsTheServerVerifiesIt() {
        Map<String, Map<String, String>> sources = Map.of(
                "stripe", Map.of("load.source", TestCredentials.STRIPE_SOURCE, "load.scheme", "stripe"),
                "github", Map.of("load.source", TestCredentials.GITHUB_SOURCE, "load.scheme", "github"),
                "hmac", Map.of("load.source", TestCredentials.HMAC_SOURCE, "load.scheme", "hmac",
                        "load.hmac.header", TestCredentials.HMAC_HEADER, "load.hmac.encoding", "base64",
                        "load.hmac.id-header", TestCredentials.HMAC_ID_HEADER),
                "none", Map.of("load.source", TestCredentials.UNSIGNED_SOURCE, "load.scheme", "none"));
        Map<String, String> secrets = Map.of("stripe", credentials.stripeSecret(), "github", credentials.githubSecret(),
                "hmac", credentials.hmacSecret(), "none", "");
        sources.forEach((scheme, settings) -> {
            Map<String, String> all = new HashMap<>(settings);
            all.putAll(Map.of("load.count", "25", "load.duration", "PT60S", "load.concurrency", "2"));
            Run run = run(all, secrets.get(scheme));

            assertEquals(0, run.exitCode(), scheme + ": " + run.output());
            assertEquals("{\"200\":25}", run.report().getJsonObject("statuses").toString(), scheme);
            assertEquals(25, stored(run.report()), scheme + ": stored as reported");
        });
    }

    @Test
    void rejectionsAreReportedByStatusAndNothingIsStored() {
        Run run = run(Map.of("load.source", TestCredentials.STANDARD_SOURCE, "load.count", "20", "load.duration", "PT60S"),
                "whsec_" + Base64.getEncoder().encodeToString("not the secret".getBytes(StandardCharsets.UTF_8)));

        assertEquals(1, run.exitCode(), "a run with unacknowledged deliveries fails: " + run.output());
        assertEquals("{\"401\":20}", run.report().getJsonObject("statuses").toString());
        assertEquals(20, run.report().getInt("errors"));
        assertTrue(run.output().contains("HTTP 401: 20"), run.output());
        assertEquals(0, stored(run.report()));
    }

    @Test
    void runStopsAtItsDurationWhateverTheCount() {
        Run run = run(Map.of("load.source", TestCredentials.STANDARD_SOURCE, "load.count", "1000000", "load.duration", "PT3S",
                "load.concurrency", "4"), credentials.standardSecret());

        JsonObject report = run.report();
        assertTrue(report.getBoolean("stoppedByDuration"), report.toString());
        assertTrue(report.getInt("sent") < 1_000_000 && report.getInt("sent") > 0, report.toString());
        assertTrue(report.getJsonNumber("elapsedSeconds").doubleValue() < 3 + 30, report.toString());
        assertEquals(report.getInt("acknowledged"), stored(report), "what it reports acknowledged is what the server stored");
    }

    @Test
    void unboundedOrIncompleteRunsAreRefused() {
        assertRefused(Map.of("load.source", "acme", "load.count", "0"), "load.count must be between 1 and 10000000, not 0");
        assertRefused(Map.of("load.source", "acme", "load.duration", "PT0S"),
                "load.duration must be more than zero and at most PT1H, not PT0S");
        assertRefused(Map.of("load.source", "acme", "load.duration", "PT2H"),
                "load.duration must be more than zero and at most PT1H, not PT2H");
        assertRefused(Map.of("load.count", "10"), "load.source is required");
        assertRefused(Map.of("load.source", "acme", "load.scheme", "svix"),
                "unknown scheme 'svix': use standard, stripe, github, hmac or none");
        assertRefused(Map.of("load.source", "shopify", "load.scheme", "hmac", "load.secret", "x"),
                "the hmac scheme needs the header that carries the signature");
    }

    private void assertRefused(Map<String, String> settings, String reason) {
        Run run = run(settings, "");
        assertEquals(2, run.exitCode(), run.output());
        assertEquals("Load test refused: " + reason, run.output().strip());
    }

    private static long stored(JsonObject report) {
        return DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id LIKE ?",
                "load-" + report.getString("run") + "-%");
    }

    /** Runs the tool with {@code load.url} pointing at the test server, the secret in LOAD_SECRET, as documented. */
    private Run run(Map<String, String> settings, String secret) {
        try {
            Path report = Files.createTempFile(Files.createDirectories(REPORTS), "load-report", ".json");
            Files.delete(report);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", CLASSES.toString(), "-Dload.url=" + url, "-Dload.report=" + report));
            settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("io.bulwark.tools.LoadTest");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LOAD_SECRET", secret);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the load test did not finish: " + output);
            }
            JsonObject json = Files.exists(report) ? Json.createReader(new StringReader(Files.readString(report))).readObject() : null;
            return new Run(process.exitValue(), output, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
