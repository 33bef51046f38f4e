package io.bulwark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.SenderRun;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender as a developer runs it: {@code java -jar target/bulwark-send.jar}, the jar the build made, in a process
 * of its own, its settings taken from the same environment variables the server reads, against the test server.
 */
@ExtendWith(ArquillianExtension.class)
class SenderToolIT {

    private static final Path JAR = Path.of(System.getProperty("bulwark.it.buildDirectory", "target"), "bulwark-send.jar");
    private static final Pattern DELIVERY = Pattern.compile("\\(\\w+, delivery (\\S+)\\)");

    private final String url = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final TestCredentials credentials = TestEnvironment.get().credentials();

    @TempDir
    Path directory;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void sampleIsAppliedForAStandardWebhooksSource() {
        SenderRun run = run(Map.of("WEBHOOK_SOURCES_ACME_SECRET", credentials.standardSecret()), TestCredentials.STANDARD_SOURCE);

        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("HTTP 200\n"), run.output());
        assertEquals(1, stored(TestCredentials.STANDARD_SOURCE, deliveryId(run)));
        assertEquals("PROCESSED", DatabaseQueries.value("SELECT status FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.STANDARD_SOURCE, deliveryId(run)));
        assertEquals("Demo account", DatabaseQueries.value(
                "SELECT name FROM accounts WHERE ledger = ? AND external_id = 'acc_demo'", TestCredentials.STANDARD_SOURCE));
    }

    @Test
    void oneDeliveryOfEverySchemeIsStoredFromTheServersOwnVariables() {
        Map<String, Map<String, String>> sources = Map.of(
                TestCredentials.STRIPE_SOURCE, Map.of("WEBHOOK_SOURCES_STRIPECO_SCHEME", "stripe",
                        "WEBHOOK_SOURCES_STRIPECO_SECRET", credentials.stripeSecret()),
                TestCredentials.GITHUB_SOURCE, Map.of("WEBHOOK_SOURCES_GITHUB_SCHEME", "github",
                        "WEBHOOK_SOURCES_GITHUB_SECRET", credentials.githubSecret()),
                TestCredentials.HMAC_SOURCE, Map.of("WEBHOOK_SOURCES_SHOPIFY_SCHEME", "hmac",
                        "WEBHOOK_SOURCES_SHOPIFY_SECRET", credentials.hmacSecret() + " " + credentials.hmacOldSecret(),
                        "WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER", TestCredentials.HMAC_HEADER,
                        "WEBHOOK_SOURCES_SHOPIFY_HMAC_ENCODING", "base64",
                        "WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER", TestCredentials.HMAC_ID_HEADER),
                TestCredentials.UNSIGNED_SOURCE, Map.of("WEBHOOK_SOURCES_OPEN_SCHEME", "none"));
        sources.forEach((source, environment) -> {
            SenderRun run = run(environment, source);

            assertEquals(0, run.status(), source + ": " + run.output());
            assertTrue(run.output().contains("HTTP 200\n"), source + ": " + run.output());
            assertEquals(1, stored(source, deliveryId(run)), source);
        });
    }

    @Test
    void fileIsStoredByteForByte() throws IOException {
        String id = "file-" + UUID.randomUUID();
        byte[] body = ("{\n  \"zen\" : \"Keep it logically awesome.\",\t\"hook_id\": 7,\n  \"note\": \"\u00e9t\u00e9 \u2603\" }\n")
                .getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(directory.resolve("ping.json"), body);

        SenderRun run = run(Map.of("WEBHOOK_SOURCES_GITHUB_SCHEME", "github", "WEBHOOK_SOURCES_GITHUB_SECRET", credentials.githubSecret()),
                TestCredentials.GITHUB_SOURCE, file.toString(), "--id", id, "--type", "ping");

        assertEquals(0, run.status(), run.output());
        assertEquals(HexFormat.of().formatHex(sha256(body)), DatabaseQueries.value(
                "SELECT encode(body_sha256, 'hex') FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.GITHUB_SOURCE, id), "the server received exactly the file's bytes");
        assertEquals("ping", DatabaseQueries.value("SELECT event_type FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.GITHUB_SOURCE, id));
    }

    @Test
    void wrongSecretExitsOneShowingThe401() {
        String wrong = "whsec_" + Base64.getEncoder().encodeToString("a secret the server does not hold".getBytes(StandardCharsets.UTF_8));

        SenderRun run = run(Map.of("WEBHOOK_SOURCES_ACME_SECRET", credentials.standardSecret()), TestCredentials.STANDARD_SOURCE,
                "--secret", wrong);

        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("HTTP 401\n"), run.output());
        assertTrue(run.output().contains("signature does not match"), run.output());
        assertEquals(0, stored(TestCredentials.STANDARD_SOURCE, deliveryId(run)));
    }

    @Test
    void missingSecretNamesTheVariableToSet() {
        SenderRun run = run(Map.of(), TestCredentials.STANDARD_SOURCE);

        assertEquals(2, run.status(), run.output());
        assertEquals("bulwark-send: no secret: set WEBHOOK_SOURCES_ACME_SECRET (for the dev server: . .bulwark/dev.env) or pass --secret",
                run.output().strip());
    }

    /** The delivery id the sender printed. */
    private static String deliveryId(SenderRun run) {
        Matcher matcher = DELIVERY.matcher(run.output());
        assertTrue(matcher.find(), run.output());
        return matcher.group(1);
    }

    private static long stored(String source, String deliveryId) {
        return DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ?", source, deliveryId);
    }

    /** {@code java -jar bulwark-send.jar <arguments> --url <test server>}, with only these source variables set. */
    private SenderRun run(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--url", url));
        return SenderRun.of(command, environment);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
