package io.bulwark.tools.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.bulwark.webhook.signature.GithubSignatureVerifier;
import io.bulwark.webhook.signature.HmacAlgorithm;
import io.bulwark.webhook.signature.HmacFormat;
import io.bulwark.webhook.signature.HmacSignatureVerifier;
import io.bulwark.webhook.signature.SignatureEncoding;
import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SignatureVerifier;
import io.bulwark.webhook.signature.SignedRequest;
import io.bulwark.webhook.signature.SigningKeys;
import io.bulwark.webhook.signature.StandardWebhooksVerifier;
import io.bulwark.webhook.signature.StripeSignatureVerifier;
import io.bulwark.webhook.signature.UnsignedVerifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender tool (src/tools/java, compiled by the build into target/tools-classes, never onto the test classpath)
 * run as its command line, against a stand-in server that records what arrives. Every signature it makes is checked
 * by the server's own verifier for the scheme, with the keys the server would make of the same secret.
 */
class BulwarkSendTest {

    private static final Path TOOL_CLASSES = Path.of("target", "tools-classes");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static Method run;

    private final String standardSecret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
    private HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private int answerStatus = 200;
    private String answerBody = "{\"success\":true,\"status\":\"APPLIED\"}";
    private final Map<String, String> answerHeaders = new HashMap<>();

    @TempDir
    Path directory;

    /** One request as it arrived: headers by case-insensitive name, and the body's bytes. */
    private record Received(String path, Map<String, List<String>> headers, byte[] body) implements SignedRequest {

        @Override
        public List<String> headers(String name) {
            return headers.getOrDefault(name, List.of());
        }

        String header(String name) {
            List<String> values = headers(name);
            assertEquals(1, values.size(), name + ": " + values);
            return values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A finished command: its exit status and what it printed. */
    private record Outcome(int status, String out, String err) {
    }

    @BeforeAll
    static void loadTheTool() throws Exception {
        assertTrue(Files.isDirectory(TOOL_CLASSES), TOOL_CLASSES + " is missing: the build's compile phase makes it (mvn test)");
        URLClassLoader loader = new URLClassLoader(new URL[] {TOOL_CLASSES.toUri().toURL()}, BulwarkSendTest.class.getClassLoader());
        run = loader.loadClass("io.bulwark.tools.send.BulwarkSend")
                .getMethod("run", String[].class, Map.class, InputStream.class, PrintStream.class, PrintStream.class);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            synchronized (received) {
                received.add(new Received(exchange.getRequestURI().getPath(), headers, exchange.getRequestBody().readAllBytes()));
            }
            byte[] answer = answerBody.getBytes(StandardCharsets.UTF_8);
            answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answerStatus, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sampleIsACanonicalAccountCreatedSignedForStandardWebhooks() {
        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret), "demo");

        assertEquals(0, outcome.status(), outcome.toString());
        Received request = only();
        assertEquals("/api/webhooks/demo", request.path());
        String id = verified(new StandardWebhooksVerifier(), SignatureScheme.STANDARD, standardSecret, request).orElseThrow();
        assertTrue(id.startsWith("evt_"), id);
        assertTrue(request.text().startsWith("{\"id\":\"" + id + "\",\"type\":\"account.created\",\"occurredAt\":\""), request.text());
        assertTrue(request.text().contains("\"account\":{\"id\":\"acc_demo\""), request.text());
        assertEquals("application/json", request.header("Content-Type"));
        assertTrue(outcome.out().contains("HTTP 200\n" + answerBody), outcome.out());
        assertTrue(outcome.out().contains("delivery " + id), outcome.out());
    }

    @Test
    void everySampleHasAFreshIdSoASecondSendIsNoDuplicate() {
        Map<String, String> environment = Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret);
        send(environment, "demo");
        send(environment, "demo");

        assertNotEquals(received.get(0).header("webhook-id"), received.get(1).header("webhook-id"));
    }

    @Test
    void fileIsSentByteForByteUnderItsOwnId() throws IOException {
        byte[] body = "{ \"data\": {\"id\": \"not this\"},\n  \"id\" : \"evt_\\u0031x\", \"note\":\"\u00e9t\u00e9\" }\r\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(directory.resolve("event.json"), body);

        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret), "demo", file.toString());

        assertEquals(0, outcome.status(), outcome.toString());
        assertArrayEquals(body, only().body());
        assertEquals(Optional.of("evt_1x"), verified(new StandardWebhooksVerifier(), SignatureScheme.STANDARD, standardSecret, only()));
    }

    @Test
    void standardInputIsReadForADashAndIdOptionNamesTheDelivery() {
        byte[] body = "[1,2,3]".getBytes(StandardCharsets.UTF_8);

        Outcome outcome = send(Map.of(), new ByteArrayInputStream(body), "demo", "-", "--secret", standardSecret, "--id", "msg_42");

        assertEquals(0, outcome.status(), outcome.toString());
        assertArrayEquals(body, only().body());
        assertEquals(Optional.of("msg_42"), verified(new StandardWebhooksVerifier(), SignatureScheme.STANDARD, standardSecret, only()));
    }

    @Test
    void stripeSignsTheFileWhoseIdIsTheDelivery() throws IOException {
        String secret = "whsec_stripe_" + Base64.getEncoder().encodeToString(randomBytes(12));
        Path file = Files.writeString(directory.resolve("charge.json"), "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"charge.succeeded\"}");

        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_PAY_OPS_SCHEME", "stripe", "WEBHOOK_SOURCES_PAY_OPS_SECRET", secret), "pay-ops",
                file.toString());

        assertEquals(0, outcome.status(), outcome.toString());
        assertEquals(Optional.empty(), verified(new StripeSignatureVerifier(), SignatureScheme.STRIPE, secret, only()));
        assertTrue(outcome.out().contains("(stripe, delivery evt_1)"), outcome.out());
    }

    @Test
    void githubSignsTheBodyAndNamesTheEvent() throws IOException {
        String secret = "a github secret";
        Path file = Files.writeString(directory.resolve("push.json"), "{\"ref\":\"refs/heads/main\"}");

        Outcome outcome = send(Map.of(), "github", file.toString(), "--scheme", "github", "--secret", secret, "--type", "push");

        assertEquals(0, outcome.status(), outcome.toString());
        Received request = only();
        Optional<String> id = verified(new GithubSignatureVerifier(), SignatureScheme.GITHUB, secret, request);
        assertTrue(id.orElseThrow().startsWith("evt_"));
        assertEquals("push", request.header("X-GitHub-Event"));
    }

    @Test
    void hmacFollowsTheSourcesHmacVariables() {
        String secret = "shpss_" + Base64.getEncoder().encodeToString(randomBytes(16));
        Map<String, String> environment = Map.of("WEBHOOK_SOURCES_SHOP_SCHEME", "hmac", "WEBHOOK_SOURCES_SHOP_SECRET", secret,
                "WEBHOOK_SOURCES_SHOP_HMAC_HEADER", "X-Signature", "WEBHOOK_SOURCES_SHOP_HMAC_ALGORITHM", "sha512",
                "WEBHOOK_SOURCES_SHOP_HMAC_ENCODING", "base64", "WEBHOOK_SOURCES_SHOP_HMAC_PREFIX", "v1=",
                "WEBHOOK_SOURCES_SHOP_HMAC_TIMESTAMP_HEADER", "X-Timestamp", "WEBHOOK_SOURCES_SHOP_HMAC_ID_HEADER", "X-Delivery");

        Outcome outcome = send(environment, "shop", "--id", "d-1");

        assertEquals(0, outcome.status(), outcome.toString());
        HmacFormat format = new HmacFormat("X-Signature", HmacAlgorithm.SHA512, SignatureEncoding.BASE64, "v1=",
                Optional.of("X-Timestamp"), Optional.of("X-Delivery"));
        assertEquals(Optional.of("d-1"), verified(new HmacSignatureVerifier(format), SignatureScheme.HMAC, secret, only()));
    }

    @Test
    void hmacOptionsOverrideTheVariablesAndTheBodyIdIsTheDeliveryWithoutAnIdHeader() {
        String secret = "plain secret";
        Map<String, String> environment = Map.of("WEBHOOK_SOURCES_SHOP_SCHEME", "hmac", "WEBHOOK_SOURCES_SHOP_SECRET", secret,
                "WEBHOOK_SOURCES_SHOP_HMAC_HEADER", "X-Wrong");

        Outcome outcome = send(environment, "shop", "--hmac-header", "X-Hub", "--hmac-prefix", "sha256=");

        assertEquals(0, outcome.status(), outcome.toString());
        HmacFormat format = new HmacFormat("X-Hub", HmacAlgorithm.SHA256, SignatureEncoding.HEX, "sha256=", Optional.empty(),
                Optional.empty());
        assertEquals(Optional.empty(), verified(new HmacSignatureVerifier(format), SignatureScheme.HMAC, secret, only()));
        assertTrue(only().headers("X-Wrong").isEmpty());
    }

    @Test
    void unsignedSourceNeedsNoSecretAndCarriesTheIdInWebhookId() {
        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_OPEN_SCHEME", "none"), "open", "--id", "open-1");

        assertEquals(0, outcome.status(), outcome.toString());
        assertEquals(Optional.of("open-1"), new UnsignedVerifier().verify(only(), SigningKeys.NONE, Instant.now(), TOLERANCE));
        assertFalse(only().headers().containsKey("webhook-signature"));
    }

    @Test
    void secondOfRotatingSecretsIsNotUsedAndSecretOptionWinsOverTheVariable() {
        String other = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
        send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret + " " + other), "demo");
        send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", other), "demo", "--secret", standardSecret);

        for (Received request : received) {
            verified(new StandardWebhooksVerifier(), SignatureScheme.STANDARD, standardSecret, request);
        }
    }

    @Test
    void serverComesFromBulwarkUrlWithoutTheOption() {
        Outcome outcome = run(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret, "BULWARK_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/"), new ByteArrayInputStream(new byte[0]), "demo");

        assertEquals(0, outcome.status(), outcome.toString());
        assertEquals("/api/webhooks/demo", only().path());
    }

    @Test
    void serverOnAnotherPortIsFoundByTheServersOwnPortVariable() {
        Outcome outcome = run(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret, "HTTP_PORT",
                String.valueOf(server.getAddress().getPort())), new ByteArrayInputStream(new byte[0]), "demo");

        assertEquals(0, outcome.status(), outcome.toString());
        assertEquals("/api/webhooks/demo", only().path());
    }

    @Test
    void extraHeadersAreSent() {
        send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret), "demo", "--header", "X-Request-Id: abc", "--header=X-Other:1");

        assertEquals("abc", only().header("X-Request-Id"));
        assertEquals("1", only().header("X-Other"));
    }

    @Test
    void refusalIsPrintedWithItsStatusAndExitsOne() {
        answerStatus = 401;
        answerBody = "{\"title\":\"Invalid signature\",\"status\":401}";

        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret), "demo");

        assertEquals(1, outcome.status());
        assertTrue(outcome.out().contains("HTTP 401\n" + answerBody), outcome.out());
    }

    @Test
    void overloadShowsRetryAfter() {
        answerStatus = 503;
        answerHeaders.put("Retry-After", "2");

        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret), "demo");

        assertEquals(1, outcome.status());
        assertTrue(outcome.out().contains("HTTP 503\nRetry-After: 2\n"), outcome.out());
    }

    @Test
    void unreachableServerExitsOneWithAHint() {
        server.stop(0);

        Outcome outcome = send(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret), "demo");

        assertEquals(1, outcome.status());
        assertTrue(outcome.err().contains("nothing answers at http://127.0.0.1:"), outcome.err());
    }

    @Test
    void helpPrintsTheUsage() {
        Outcome outcome = send(Map.of(), "--help");

        assertEquals(0, outcome.status());
        assertTrue(outcome.out().startsWith("Usage: java -jar bulwark-send.jar <source> [file|-] [options]"), outcome.out());
        assertTrue(received.isEmpty());
    }

    @Test
    void commandLinesThatCannotRunAreRefusedWithTheReasonAndSendNothing() {
        Map<String, String> demo = Map.of("WEBHOOK_SOURCES_DEMO_SECRET", standardSecret);
        assertRefused(Map.of(), "which source? name it first, as in: java -jar bulwark-send.jar demo");
        assertRefused(Map.of(), "no secret: set WEBHOOK_SOURCES_PAY_OPS_SECRET (for the dev server: . .bulwark/dev.env) or pass --secret",
                "pay-ops");
        assertRefused(demo, "unknown option --secrte (see --help)", "demo", "--secrte", "x");
        assertRefused(demo, "--id needs a value", "demo", "--id");
        assertRefused(demo, "'a/b' is not a source name: 1 to 64 letters, digits, '-' or '_'", "a/b");
        assertRefused(demo, "one source and at most one file, not demo a.json b.json", "demo", "a.json", "b.json");
        assertRefused(demo, "unknown scheme 'svix': use standard, stripe, github, hmac or none", "demo", "--scheme", "svix");
        assertRefused(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", "whpk_" + Base64.getEncoder().encodeToString(randomBytes(32))),
                "WEBHOOK_SOURCES_DEMO_SECRET holds a whpk_ public key, which verifies but cannot sign: pass the sender's whsec_ secret"
                        + " with --secret", "demo");
        assertRefused(Map.of("WEBHOOK_SOURCES_DEMO_SECRET", "whsec_!!!!"),
                "WEBHOOK_SOURCES_DEMO_SECRET: a Standard Webhooks secret is whsec_ followed by base64", "demo");
        assertRefused(Map.of("WEBHOOK_SOURCES_SHOP_SCHEME", "hmac", "WEBHOOK_SOURCES_SHOP_SECRET", "s"),
                "the hmac scheme needs the header that carries the signature: set WEBHOOK_SOURCES_SHOP_HMAC_HEADER or pass --hmac-header",
                "shop");
        assertRefused(Map.of("WEBHOOK_SOURCES_SHOP_SCHEME", "hmac", "WEBHOOK_SOURCES_SHOP_SECRET", "s"),
                "hmac encoding must be hex or base64, not b32", "shop", "--hmac-header", "X-Sig", "--hmac-encoding", "b32");
        assertRefused(demo, "no such file: " + directory.resolve("missing.json"), "demo", directory.resolve("missing.json").toString());
        assertRefused(demo, "--type names the sample's type (or GitHub's X-GitHub-Event); a file's event type is its own \"type\"",
                "demo", "-", "--type", "account.updated");
        assertRefused(Map.of("WEBHOOK_SOURCES_S_SCHEME", "stripe", "WEBHOOK_SOURCES_S_SECRET", "x"),
                "the stripe scheme takes the delivery id from the body's \"id\", so --id cannot change a file's", "s", "-", "--id", "e");
        assertRefused(demo, "--url (or BULWARK_URL) must be the http(s) address of a Bulwark server, such as http://localhost:9080, not 'localhost:9080'",
                "demo", "--url", "localhost:9080");
        assertRefused(demo, "--header takes name:value, not 'nocolon'", "demo", "--header", "nocolon");
        assertRefused(demo, "--url is given twice", "demo", "--url", "http://a", "--url", "http://b");
        assertTrue(received.isEmpty());
    }

    private void assertRefused(Map<String, String> environment, String reason, String... args) {
        Outcome outcome = run(environment, new ByteArrayInputStream(new byte[0]), args);
        assertEquals(2, outcome.status(), outcome.toString());
        assertEquals("bulwark-send: " + reason + "\n", outcome.err());
        assertEquals("", outcome.out());
    }

    private Received only() {
        assertEquals(1, received.size(), "requests received");
        return received.get(0);
    }

    private Optional<String> verified(SignatureVerifier verifier, SignatureScheme scheme, String secret, Received request) {
        return verifier.verify(request, SigningKeys.of(scheme, secret), Instant.now(), TOLERANCE);
    }

    private Outcome send(Map<String, String> environment, String... args) {
        return send(environment, new ByteArrayInputStream(new byte[0]), args);
    }

    private Outcome send(Map<String, String> environment, InputStream input, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + server.getAddress().getPort()));
        return run(environment, input, all.toArray(String[]::new));
    }

    private static Outcome run(Map<String, String> environment, InputStream input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int status = (int) run.invoke(null, args, environment, input, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the tool threw instead of answering", e.getCause());
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
