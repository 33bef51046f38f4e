package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bulwark.testing.BodyFlood;
import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.RawHttp;
import io.bulwark.testing.TimedSenders;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Traffic a hostile or merely busy sender produces, against a server started the way it ships: through
 * {@code bin/server} with {@code server-config/jvm.options} ({@code -Xmx192m}, {@code -XX:+ExitOnOutOfMemoryError}).
 * The Arquillian-managed server reads the same {@code jvm.options}, but it is shared by every IT of the run and
 * these tests may kill a server (today they do: OutOfMemoryError, then exit), so they start their own, again
 * when an earlier test left it dead, and check its JVM's command line holds every shipped option. Whatever the senders do, the process stays alive, every answer is one a sender
 * can act on (2xx, 413, 429 or 503 with Retry-After; problem+json for every refusal), ordinary senders keep
 * being served, and whatever was acknowledged is stored.
 */
@ExtendWith(ArquillianExtension.class)
class HostileTrafficIT {

    private static final Logger LOG = Logger.getLogger(HostileTrafficIT.class.getName());
    /** {@code webhook.max-body-bytes}: the server the tests start keeps the default. */
    private static final int MAX_BODY_BYTES = 1_048_576;
    private static final int SENDERS = 64;
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final int STALLED_CONNECTIONS = 300;
    private static final Set<Integer> SHEDDING = Set.of(429, 503);

    private static LibertyServer server;
    private static int serversStarted;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.forgetIfDead();
            server.close();
        }
    }

    @Test
    void maximumSizeUnsignedBodiesFromSixtyFourSendersLeaveTheServerAnswering() {
        floodWithMaximumSizeBodies(TestCredentials.UNSIGNED_SOURCE, null);
    }

    @Test
    void maximumSizeSignedBodiesFromSixtyFourSendersLeaveTheServerAnswering() {
        floodWithMaximumSizeBodies(TestCredentials.STANDARD_SOURCE, TestEnvironment.get().credentials().standardSecret());
    }

    @Test
    void connectionsThatAnnounceAMebibyteAndStallDoNotStarveOrdinaryDeliveries() throws InterruptedException {
        LibertyServer server = server();
        String run = "stall_" + UUID.randomUUID().toString().substring(0, 8);
        List<RawHttp> stalled = new ArrayList<>();
        List<String> openFailures = new ArrayList<>();
        try {
            Instant openBy = Instant.now().plusSeconds(60);
            for (int i = 0; i < STALLED_CONNECTIONS && Instant.now().isBefore(openBy); i++) {
                try {
                    RawHttp connection = RawHttp.connect(server.httpPort());
                    stalled.add(connection);
                    connection.write(stallingHead(server.httpPort(), run + "_" + i));
                } catch (IOException | UncheckedIOException e) {
                    openFailures.add(e.toString());
                }
            }
            assertEquals(List.of(), openFailures.stream().limit(5).toList(), "every stalling connection was opened and sent its head");
            assertEquals(STALLED_CONNECTIONS, stalled.size(), "stalling connections opened");

            Instant windowEnd = Instant.now().plus(LOAD);
            TimedSenders ordinary = TimedSenders.start(baseUrl(server), 4, 150, LOAD, Duration.ofMillis(50),
                    (sender, n) -> DeliveryLoad.delivery(run + "s" + sender, n));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), windowEnd).toMillis()));
            StallCensus census = StallCensus.of(stalled);
            List<TimedSenders.Sent> sent = ordinary.stop();
            boolean alive = server.running();

            List<DeliveryLoad.Outcome> outcomes = TimedSenders.outcomes(sent);
            long acknowledged = outcomes.stream().filter(outcome -> outcome.status() >= 200 && outcome.status() < 300).count();
            LOG.info(() -> STALLED_CONNECTIONS + " stalled connections for " + LOAD.toSeconds() + " s: " + census
                    + "; ordinary deliveries meanwhile: " + DeliveryLoad.statusCounts(outcomes) + "; server alive: " + alive);

            assertTrue(alive, "the server process is alive after " + STALLED_CONNECTIONS + " stalled connections"
                    + outOfMemoryNote(server));
            assertTrue(!outcomes.isEmpty() && acknowledged * 10 >= outcomes.size() * 9L,
                    "at least 90% of the ordinary deliveries sent while the connections stalled are answered 2xx: "
                            + DeliveryLoad.statusCounts(outcomes));
            assertEquals(List.of(), census.unexpectedAnswers(), "a stalled connection is answered 408 (its body never came), "
                    + "or 413/429/503 without being read; as problem+json, with Retry-After when shed");
            assertEquals(0, census.closedUnanswered(), "stalled connections dropped without an answer: " + census);
            assertTrue(census.held() > 0, "the stalled connections really stalled: open and unanswered when the "
                    + LOAD.toSeconds() + " s were over, or answered 408: " + census);
            LedgerAudit.assertNothingLostOrDoubled(outcomes);
        } finally {
            stalled.forEach(RawHttp::close);
        }
    }

    @Test
    void abusiveHeadersAreAnsweredWithProblemJsonNeverA500OrAnHtmlPage() {
        int port = server().httpPort();
        String path = "/api/webhooks/" + TestCredentials.UNSIGNED_SOURCE;
        byte[] body = "{\"id\":\"evt_headers\",\"type\":\"hostile.padding\",\"occurredAt\":\"2026-11-29T00:00:00Z\",\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (String length : List.of("3000000000", "-1", "not-a-number")) {
            requests.put("Content-Length: " + length, RawHttp.head("POST", path, port,
                    Map.of("Content-Type", "application/json", "Content-Length", length)));
        }
        // No type/subtype to be read at all. (A parameter without a value, "application/json; charset", is taken
        // as JSON today; whether to refuse it is a choice, not a fault, so it is not in the table.)
        for (String type : List.of("json", "/", "application/", ";charset=utf-8")) {
            requests.put("Content-Type: " + type, concat(RawHttp.head("POST", path, port,
                    Map.of("Content-Type", type, "Content-Length", String.valueOf(body.length))), body));
        }
        List<Executable> checks = new ArrayList<>();
        requests.forEach((abuse, request) -> checks.add(() -> {
            try (RawHttp connection = RawHttp.connect(port)) {
                connection.write(request);
                assertClientProblem(abuse, answer(abuse, connection, Duration.ofSeconds(10)));
            }
        }));
        assertAll(checks);
    }

    @Test
    void aChunkedBodyOverTheLimitIsAnswered413WhileTheSenderIsStillSending() throws IOException, InterruptedException {
        int port = server().httpPort();
        long planned = 64L * MAX_BODY_BYTES;
        byte[] chunk = ",0".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
        AtomicLong sentBytes = new AtomicLong();
        AtomicBoolean answered = new AtomicBoolean();
        AtomicReference<String> writeStopped = new AtomicReference<>("no");
        try (RawHttp connection = RawHttp.connect(port, 64 * 1024)) {
            connection.write(RawHttp.head("POST", "/api/webhooks/" + TestCredentials.UNSIGNED_SOURCE, port,
                    Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked")));
            Thread writer = new Thread(() -> {
                try {
                    connection.writeChunk("{\"id\":\"evt_chunked\",\"type\":\"hostile.padding\",\"data\":{\"zeros\":[0"
                            .getBytes(StandardCharsets.US_ASCII));
                    while (!answered.get() && sentBytes.get() < planned) {
                        connection.writeChunk(chunk);
                        sentBytes.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    writeStopped.set(e.toString());
                }
            }, "chunked-sender");
            writer.start();
            RawHttp.Response response = answer("a chunked body over the limit", connection, Duration.ofSeconds(30));
            long sentWhenAnswered = sentBytes.get();
            answered.set(true);
            connection.close();
            writer.join(10_000);
            LOG.info(() -> "chunked body over the limit: " + response.status() + " after " + sentWhenAnswered + " bytes sent of "
                    + planned + " (writing stopped by: " + writeStopped.get() + ")");

            assertEquals(413, response.status(), "a chunked body over the limit: " + response);
            assertClientProblem("a chunked body over the limit", response);
            assertTrue(sentWhenAnswered < planned, "the 413 arrived while the sender still had body left to send: "
                    + sentWhenAnswered + " of " + planned + " bytes sent");
        }
    }

    @Test
    void anUnknownSourceIsAnswered404BeforeItsLargeBodyIsSent() {
        int port = server().httpPort();
        try (RawHttp connection = RawHttp.connect(port)) {
            connection.write(RawHttp.head("POST", "/api/webhooks/nosuch-" + UUID.randomUUID().toString().substring(0, 8), port,
                    Map.of("Content-Type", "application/json", "Content-Length", String.valueOf(MAX_BODY_BYTES))));
            RawHttp.Response response = answer("an unknown source, no body byte sent yet", connection, Duration.ofSeconds(10));
            assertEquals(404, response.status(), "an unknown source, answered before its body was sent: " + response);
            assertClientProblem("an unknown source", response);
            assertEquals(Optional.of("close"), response.header("Connection").map(value -> value.toLowerCase(Locale.ROOT)),
                    "the unread body could not be told from a next request, so the connection closes: " + response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * 64 senders of maximum-size envelopes for 15 s to {@code source}: the process stays alive, every answer is
     * 2xx, 413, 429 or 503 (shedding with Retry-After, as problem+json), no connection is refused, every
     * acknowledged delivery is stored, and afterwards an ordinary delivery is answered 200.
     */
    private void floodWithMaximumSizeBodies(String source, String secret) {
        LibertyServer server = server();
        String run = "flood_" + source + "_" + UUID.randomUUID().toString().substring(0, 8);
        List<BodyFlood.Answer> answers = new BodyFlood().send(baseUrl(server), source, secret, run, MAX_BODY_BYTES, SENDERS,
                1_000, LOAD);
        boolean alive = server.running();
        List<BodyFlood.Answer> acknowledged = answers.stream().filter(BodyFlood.Answer::acknowledged).toList();
        LOG.info(() -> SENDERS + " senders of " + MAX_BODY_BYTES + "-byte bodies to " + source + " for " + LOAD.toSeconds()
                + " s: " + BodyFlood.statusCounts(answers) + " (" + answers.stream().filter(BodyFlood.Answer::refused).count()
                + " connections refused); server alive: " + alive);

        assertTrue(alive, "the server process is alive after " + SENDERS + " senders of maximum-size bodies; answers "
                + BodyFlood.statusCounts(answers) + outOfMemoryNote(server));
        assertEquals(List.of(), answers.stream().filter(BodyFlood.Answer::refused).limit(3).toList(), "no sender was refused a connection");
        assertEquals(List.of(), answers.stream().filter(answer -> answer.status() != 0 && !answer.acknowledged()
                        && !SHEDDING.contains(answer.status()) && answer.status() != 413).limit(5).toList(),
                "every answer is 2xx, 413, 429 or 503");
        assertEquals(List.of(), answers.stream().filter(answer -> SHEDDING.contains(answer.status())
                        && (answer.retryAfter() == null || !answer.contentType().startsWith("application/problem+json"))).limit(5).toList(),
                "429 and 503 carry Retry-After and are problem+json");
        long unanswered = answers.stream().filter(answer -> answer.status() == 0).count();
        assertTrue(unanswered * 100 <= answers.size(), "at most 1% of the sendings got no answer (a connection cut "
                + "while the sender was still sending): " + unanswered + " of " + answers.size() + ", e.g. "
                + answers.stream().filter(answer -> answer.status() == 0).limit(3).toList());
        assertTrue(!acknowledged.isEmpty(), "maximum-size deliveries are still acknowledged: " + BodyFlood.statusCounts(answers));
        assertEveryAcknowledgementStored(source, acknowledged);
        assertOrdinaryDeliveryAcknowledged(server, run);
    }

    private static void assertEveryAcknowledgementStored(String source, List<BodyFlood.Answer> acknowledged) {
        Map<String, String> deliveryByWebhookId = new HashMap<>();
        for (BodyFlood.Answer answer : acknowledged) {
            try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
                deliveryByWebhookId.put(reader.readObject().getString("webhookId"), answer.deliveryId());
            }
        }
        Map<String, String> stored = DatabaseQueries.rows("SELECT id::text, delivery_id FROM webhook_events WHERE source = ? "
                        + "AND id::text = ANY (?)", source, deliveryByWebhookId.keySet().toArray(String[]::new)).stream()
                .collect(Collectors.toMap(row -> row.get(0), row -> row.get(1)));
        Map<String, String> lost = new TreeMap<>(deliveryByWebhookId);
        lost.keySet().removeAll(stored.keySet());
        assertEquals(Map.of(), lost, "acknowledged deliveries (webhookId -> delivery id) missing from webhook_events");
        assertEquals(deliveryByWebhookId, stored, "each acknowledged webhookId is stored as its own delivery");
    }

    /** After the load: an ordinary signed delivery is answered 200, retried as Retry-After says for at most 30 s. */
    private static void assertOrdinaryDeliveryAcknowledged(LibertyServer server, String run) {
        DeliveryLoad load = new DeliveryLoad();
        Instant deadline = Instant.now().plusSeconds(30);
        List<DeliveryLoad.Outcome> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < 30 && Instant.now().isBefore(deadline); attempt++) {
            DeliveryLoad.Outcome outcome = load.send(baseUrl(server), DeliveryLoad.delivery(run + "_after", 0));
            outcomes.add(outcome);
            if (outcome.status() == 200 || !SHEDDING.contains(outcome.status())) {
                break;
            }
            sleep(Math.min(5_000, 1_000L * retryAfterSeconds(outcome.retryAfter())));
        }
        assertEquals(200, outcomes.get(outcomes.size() - 1).status(), "an ordinary delivery after the load is answered 200: "
                + DeliveryLoad.statusCounts(outcomes) + " " + outcomes.get(outcomes.size() - 1).body());
        LedgerAudit.assertNothingLostOrDoubled(outcomes);
    }

    private static long retryAfterSeconds(String retryAfter) {
        try {
            return retryAfter == null ? 1 : Math.max(1, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void assertClientProblem(String abuse, RawHttp.Response response) {
        assertTrue(response.status() >= 400 && response.status() < 500, abuse + " is answered 4xx: " + response);
        assertTrue(response.isProblemJson(), abuse + " is answered as application/problem+json: " + response);
        try {
            assertEquals(response.status(), response.json().getInt("status"), abuse + ": the problem's status");
        } catch (RuntimeException e) {
            fail(abuse + ": the answer is not a problem document: " + response, e);
        }
    }

    /** The answer on {@code connection} within {@code limit}; fails naming {@code what} when none comes. */
    private static RawHttp.Response answer(String what, RawHttp connection, Duration limit) {
        try {
            return connection.readResponse(limit);
        } catch (UncheckedIOException e) {
            return fail(what + ": no answer within " + limit.toSeconds() + " s (" + e.getCause() + ")");
        }
    }

    /** A head announcing a maximum-size body to the signed source with a made-up signature, and 12 body bytes. */
    private static byte[] stallingHead(int port, String deliveryId) {
        byte[] head = RawHttp.head("POST", "/api/webhooks/" + TestCredentials.STANDARD_SOURCE, port, Map.of(
                "Content-Type", "application/json",
                "Content-Length", String.valueOf(MAX_BODY_BYTES),
                "webhook-id", deliveryId,
                "webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()),
                "webhook-signature", "v1,bm8gc2VjcmV0IG5lZWRlZA=="));
        return concat(head, "{\"id\":\"stall".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The stalled connections as their senders see them at the end of the window: still open and unanswered,
     * answered (and how), or closed without an answer.
     */
    private record StallCensus(int openUnanswered, int closedUnanswered, Map<Integer, Long> answered,
                               List<String> unexpectedAnswers) {

        static StallCensus of(List<RawHttp> connections) {
            int open = 0;
            int closed = 0;
            Map<Integer, Long> answered = new TreeMap<>();
            List<String> unexpected = new ArrayList<>();
            for (RawHttp connection : connections) {
                switch (connection.poll(Duration.ofMillis(1))) {
                    case OPEN_UNANSWERED -> open++;
                    case CLOSED_UNANSWERED -> closed++;
                    case ANSWERED -> {
                        RawHttp.Response response;
                        try {
                            response = connection.readResponse(Duration.ofSeconds(2));
                        } catch (UncheckedIOException e) {
                            unexpected.add("garbled answer: " + e.getCause());
                            continue;
                        }
                        answered.merge(response.status(), 1L, Long::sum);
                        boolean expected = Set.of(408, 413, 429, 503).contains(response.status()) && response.isProblemJson()
                                && (!SHEDDING.contains(response.status()) || response.header("Retry-After").isPresent());
                        if (!expected && unexpected.size() < 5) {
                            unexpected.add(response.toString());
                        }
                    }
                }
            }
            return new StallCensus(open, closed, answered, unexpected);
        }

        /** Connections that held the server for the whole window, or until it gave up waiting for their body. */
        int held() {
            return openUnanswered + answered.getOrDefault(408, 0L).intValue();
        }

        @Override
        public String toString() {
            return openUnanswered + " open and unanswered, " + closedUnanswered + " closed without an answer, answered " + answered;
        }
    }

    /** The server this class's tests run against; a new one when an earlier test left it dead. */
    private static synchronized LibertyServer server() {
        if (server != null && server.running()) {
            return server;
        }
        if (server != null) {
            LOG.warning("server " + serversStarted + " of HostileTrafficIT died; starting another" + outOfMemoryNote(server));
            server.forgetIfDead();
        }
        serversStarted++;
        server = LibertyServer.start("bulwark-hostile-" + serversStarted, TestEnvironment.get().applicationDatabasePort(), Map.of());
        assertRunsWithShippedJvmOptions(server);
        return server;
    }

    /** Every option of {@code server-config/jvm.options} is on the server JVM's command line. */
    private static void assertRunsWithShippedJvmOptions(LibertyServer server) {
        Path shipped = Path.of(System.getProperty("bulwark.it.serverConfig"), "jvm.options");
        try (Stream<String> lines = Files.lines(shipped)) {
            List<String> options = lines.map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertTrue(options.containsAll(List.of("-Xmx192m", "-XX:+ExitOnOutOfMemoryError")),
                    "the shipped jvm.options bound the heap and exit on OutOfMemoryError: " + options);
            List<String> missing = new ArrayList<>(options);
            missing.removeAll(server.jvmArguments());
            assertEquals(List.of(), missing, "options of " + shipped + " missing from the server JVM's command line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String outOfMemoryNote(LibertyServer server) {
        try {
            Path console = server.log().resolveSibling("console.log");
            if (!Files.exists(console)) {
                return "";
            }
            try (Stream<String> lines = Files.lines(console, StandardCharsets.ISO_8859_1)) {
                return lines.filter(line -> line.contains("OutOfMemoryError")).limit(3)
                        .collect(Collectors.joining(" | ", "; its console.log: ", ""));
            }
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static String baseUrl(LibertyServer server) {
        return "http://127.0.0.1:" + server.httpPort();
    }

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
