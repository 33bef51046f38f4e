package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.array;
import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.Signer;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A catalogue of bad deliveries, each sent to the running server: every one is answered with the 4xx that
 * docs/http-contract.md documents, as problem+json without internals; nothing of it is stored; and
 * the server then processes a good delivery as usual. Deliveries are signed correctly unless the case is about
 * signatures, so the check a case names is the one that refuses it.
 *
 * <p>Inputs that look hostile but break no rule (SQL and script in free text and ids, {@code -0}, 64 levels of
 * nesting) are accepted and stored verbatim; they sit in tests of their own next to the catalogue.
 */
@ExtendWith(ArquillianExtension.class)
class BadInputCatalogIT {

    private static final String ACME = "/api/webhooks/" + TestCredentials.STANDARD_SOURCE;
    private static final String OCCURRED_AT = "2026-11-29T12:00:00Z";
    private static final int TOLERANCE_SECONDS = 300;
    /** Deepest nesting docs/http-contract.md allows. The root object is level 1, so this many arrays nested in it make one level too many. */
    private static final int MAX_DEPTH = 64;

    private static final Map<String, String> ACCOUNT = members(
            "id", "\"$account\"", "status", "\"active\"", "name", "\"Main\"", "currency", "\"EUR\"", "balance", "\"1.00\"");
    private static final Map<String, String> TRANSACTION = members(
            "id", "\"$tx\"", "accountId", "\"$account\"", "amount", "\"-5.00\"", "currency", "\"EUR\"",
            "status", "\"booked\"", "description", "\"Coffee\"");

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void badDeliveryIsRefusedAsDocumentedStoresNothingAndTheServerServesOn(BadDelivery bad) {
        Attempt attempt = new Attempt(client.credentials());
        Request request = bad.request().apply(attempt);

        HttpResponse<String> response = client.postHeaderLines(request.path(), request.headerLines(), request.body());

        assertProblem(bad, response);
        assertNothingStored(bad, attempt);
        assertAGoodDeliveryIsStillProcessed(bad);
    }

    static Stream<BadDelivery> catalogue() {
        return Stream.of(
                // Not one JSON object
                badBytes("truncated JSON", a -> {
                    byte[] whole = a.fill(accountEvent());
                    return Arrays.copyOf(whole, whole.length - 12);
                }),
                badBody("top-level array", "[" + accountEvent() + "]"),
                badBytes("empty body", a -> new byte[0]),
                badBody("trailing garbage after the object", accountEvent() + "garbage"),
                badBody("two objects back to back", accountEvent() + accountEvent()),
                badBody("10,000 nested arrays in an unknown member", accountEvent("extra", nested(10_000))),
                badBody("nesting depth 65", accountEvent("extra", nested(MAX_DEPTH))),
                badBody("NaN literal", accountEvent("extra", "NaN")),
                badBody("Infinity literal", accountEvent("extra", "Infinity")),
                badBody("unescaped line feed inside a string", accountEventWith("name", "\"Main\nAccount\"")),

                // Valid JSON of the wrong types
                badBody("occurredAt as a number", accountEvent("occurredAt", "1764417600")),
                badBody("data as a string", accountEvent("data", "\"account\"")),
                badBody("data.account as an array", event("account.updated", jsonObject("account", "[" + jsonObject(ACCOUNT) + "]"))),
                badBody("amount as a JSON number", transactionEventWith("amount", "-5.00")),
                badBody("transactions as an object", event("transactions.batch", jsonObject("transactions", jsonObject(TRANSACTION)))),

                // Numbers beyond what is stored
                badBody("1e999999 in an unknown member", accountEvent("extra", "1e999999")),
                badBody("1e1000 in an unknown member: 1001 digits once stored, so never replayable",
                        accountEvent("extra", "1e1000")),
                badBody("1e-1001 in an unknown member", accountEvent("extra", "1e-1001")),
                badBody("5,000-digit integer in an unknown member", accountEvent("extra", "9".repeat(5_000))),

                // Decimal strings and codes
                badBody("amount \"1.2.3\"", transactionEventWith("amount", "\"1.2.3\"")),
                badBody("amount \"1e5\"", transactionEventWith("amount", "\"1e5\"")),
                badBody("amount \"\"", transactionEventWith("amount", "\"\"")),
                badBody("amount \"01.00\"", transactionEventWith("amount", "\"01.00\"")),
                badBody("amount \"NaN\"", transactionEventWith("amount", "\"NaN\"")),
                badBody("currency \"eur\"", transactionEventWith("currency", "\"eur\"")),
                badBody("balance \"12,50\"", accountEventWith("balance", "\"12,50\"")),

                // What PostgreSQL cannot store, and what is not UTF-8
                badBody("\\u0000 in a value", accountEventWith("name", "\"Ma\\u0000in\"")),
                badBody("\\u0000 in a key", accountEvent("ex\\u0000tra", "1")),
                badBody("\\u0000 inside an unknown nested member", accountEvent("extra", "{\"notes\":[{\"text\":\"a\\u0000b\"}]}")),
                badBytes("invalid UTF-8 bytes C3 28 in a string", a -> a.fill(accountEventWith("name", "\"Ma#in\""), "#", 0xC3, 0x28)),
                badBytes("UTF-8-encoded surrogate ED A0 80 in a string",
                        a -> a.fill(accountEventWith("name", "\"Ma#in\""), "#", 0xED, 0xA0, 0x80)),
                badBytes("overlong UTF-8 C0 AF in a string", a -> a.fill(accountEventWith("name", "\"Ma#in\""), "#", 0xC0, 0xAF)),
                badBody("unpaired surrogate escape \\ud800", accountEventWith("name", "\"Ma\\ud800in\"")),

                // Injection attempts in fields whose rule they break
                badBody("status \"x'; DROP TABLE accounts;--\"", transactionEventWith("status", "\"x'; DROP TABLE accounts;--\"")),
                badBody("currency \"<script>\"", transactionEventWith("currency", "\"<script>\"")),
                badBody("transaction id with a line feed and SQL", transactionEventWith("id", "\"$tx\\n'; DROP TABLE transactions;--\"")),
                badBytes("accountId of 256 characters", a -> a.fill(transactionEventWith("accountId",
                        "\"" + a.accountId + "x".repeat(256 - a.accountId.length()) + "\""))),
                badBody("description of 1001 characters of script",
                        transactionEventWith("description", "\"" + "<script>alert(1)</script>".repeat(40) + "x\"")),

                // Batches
                badBody("transactions.batch with 0 items", event("transactions.batch", jsonObject("transactions", "[]"))),
                badBody("transactions.batch with 1001 items", batchEvent(IntStream.range(0, 1001).mapToObj(i -> "$tx_" + i).toList())),
                badBody("transactions.batch with duplicate ids", batchEvent(List.of("$tx_1", "$tx_2", "$tx_1"))),

                // Size
                bad("10 MB body with a declared Content-Length", 413,
                        a -> a.signed(a.fill(accountEvent("padding", "\"" + "x".repeat(10 * 1024 * 1024) + "\"")))),

                // Signature headers
                badSignature("missing webhook-id", a -> a.signed(a.fill(accountEvent())).without("webhook-id")),
                badSignature("missing webhook-timestamp", a -> a.signed(a.fill(accountEvent())).without("webhook-timestamp")),
                badSignature("missing webhook-signature", a -> a.signed(a.fill(accountEvent())).without("webhook-signature")),
                badSignature("webhook-signature sent twice", a -> a.signed(a.fill(accountEvent())).repeating("webhook-signature")),
                badSignature("webhook-id sent twice", a -> a.signed(a.fill(accountEvent())).repeating("webhook-id")),
                badSignature("webhook-timestamp sent twice", a -> a.signed(a.fill(accountEvent())).repeating("webhook-timestamp")),
                badSignature("truncated JSON with a wrong signature: authentication comes before the body",
                        a -> a.signed(a.fill(accountEvent())).withBody(a.fill(accountEvent().substring(0, 40)))),
                badSignature("body changed after signing",
                        a -> a.signed(a.fill(accountEvent())).withBody(a.fill(accountEventWith("balance", "\"1000000.00\"")))),
                // Floor and ceiling of now keep both a full second beyond the tolerance whatever the latency.
                badSignature("stale timestamp (now - 301 s)",
                        a -> a.signedAt(Long.toString(Instant.now().getEpochSecond() - TOLERANCE_SECONDS - 1), a.fill(accountEvent()))),
                badSignature("future timestamp (now + 301 s)",
                        a -> a.signedAt(Long.toString(Instant.now().getEpochSecond() + 1 + TOLERANCE_SECONDS + 1), a.fill(accountEvent()))),
                badSignature("timestamp that is not unix seconds", a -> a.signedAt(OCCURRED_AT, a.fill(accountEvent()))),

                // Sources
                bad("unknown source", 404, a -> a.signed(a.fill(accountEvent())).to("/api/webhooks/nobody")),
                bad("source name with a dot", 404, a -> a.signed(a.fill(accountEvent())).to("/api/webhooks/ac.me")),
                bad("source name of 65 characters", 404, a -> a.signed(a.fill(accountEvent())).to("/api/webhooks/" + "a".repeat(65))),

                // Content types
                bad("Content-Type text/plain", 415, a -> a.signed(a.fill(accountEvent())).replacing("Content-Type", "text/plain")),
                bad("Content-Type application/xml", 415,
                        a -> a.signed(a.fill(accountEvent())).replacing("Content-Type", "application/xml")),
                bad("no Content-Type", 415, a -> a.signed(a.fill(accountEvent())).without("Content-Type")),

                // No usable delivery id
                noDeliveryId("webhook-id of 256 characters", a -> a.signedAs(a.deliveryId + "x".repeat(256 - a.deliveryId.length()),
                        a.fill(accountEvent()))),
                noDeliveryId("Stripe delivery, correctly signed, whose body has no id", a -> a.stripe(a.fill(accountEvent("id", null)))),
                noDeliveryId("unsigned delivery with neither webhook-id nor body id", a -> a.unsigned(a.fill(accountEvent("id", null)))));
    }

    /**
     * Well-formed, signed, but dated where no genuine event is: stored, not applied, so that it cannot freeze
     * an account against the updates after it.
     */
    @ParameterizedTest(name = "occurredAt {0} is stored as FAILED, not applied")
    @ValueSource(strings = {"9999-12-31T23:59:59Z", "now + tolerance + 60 s", "1999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"})
    void anEventDatedOutsideTheTimeBoundsIsStoredButNotApplied(String occurredAt) {
        Attempt attempt = new Attempt(client.credentials());
        Instant at = occurredAt.startsWith("now") ? Instant.now().plusSeconds(TOLERANCE_SECONDS + 60) : Instant.parse(occurredAt);
        byte[] body = attempt.fill(accountEvent("occurredAt", "\"" + at + "\""));

        HttpResponse<String> response = client.post(ACME, client.standardHeaders(attempt.deliveryId, Instant.now().getEpochSecond(), body),
                body);

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("FAILED", object(response).getString("status"));
        String rule = at.isAfter(Instant.now()) ? "OccurredInTheFuture" : "OccurredTooEarly";
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM alerts WHERE webhook_id = CAST(? AS uuid) AND error_class = ?",
                object(response).getString("webhookId"), rule), "an alert names the rule");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE external_id = ?", attempt.accountId), "not applied");
    }

    /**
     * Signed, storable, but of no shape Bulwark applies: stored as sent and IGNORED, never refused, so that a
     * provider does not retry it forever or disable the endpoint.
     */
    @ParameterizedTest(name = "{0} is stored as IGNORED")
    @ValueSource(strings = {"type as a number", "type with SQL appended", "no type", "type as an object"})
    void aBodyWithoutAUsableTypeIsStoredAsIgnored(String shape) {
        Attempt attempt = new Attempt(client.credentials());
        String type = switch (shape) {
            case "type as a number" -> "42";
            case "type with SQL appended" -> "\"transaction.created'; DROP TABLE webhook_events;--\"";
            case "no type" -> null;
            default -> "{\"name\": \"transaction.created\"}";
        };
        byte[] body = attempt.fill(transactionEvent("type", type));

        HttpResponse<String> response = client.post(ACME, client.standardHeaders(attempt.deliveryId, Instant.now().getEpochSecond(), body),
                body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("IGNORED", object(response).getString("status"));
        assertEquals("unknown", DatabaseQueries.value("SELECT event_type FROM webhook_events WHERE delivery_id = ?", attempt.deliveryId));
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM transactions WHERE external_id = ?", attempt.transactionId),
                "not applied");
    }

    @Test
    void negativeZeroIsValidJsonAndIsAccepted() {
        Attempt attempt = new Attempt(client.credentials());
        String transaction = jsonObject(with(TRANSACTION, "amount", "\"-0.00\""));
        byte[] body = attempt.fill(event("transaction.created", jsonObject("transaction", transaction),
                "adjustments", "[-0, -0.0, -0e0]"));

        HttpResponse<String> response = client.post(ACME,
                client.standardHeaders(attempt.deliveryId, Instant.now().getEpochSecond(), body), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PROCESSED", object(response).getString("status"));
        assertEquals("t", DatabaseQueries.value("SELECT amount = 0 FROM transactions WHERE external_id = ?", attempt.transactionId));
        assertEquals(3, DatabaseQueries.count(
                "SELECT jsonb_array_length(payload -> 'adjustments') FROM webhook_events WHERE source = 'acme' AND delivery_id = ?",
                attempt.deliveryId));
    }

    @Test
    void nestingOf64LevelsIsAccepted() {
        Attempt attempt = new Attempt(client.credentials());
        byte[] body = attempt.fill(accountEvent("extra", nested(MAX_DEPTH - 1)));

        HttpResponse<String> response = client.post(ACME,
                client.standardHeaders(attempt.deliveryId, Instant.now().getEpochSecond(), body), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PROCESSED", object(response).getString("status"));
        assertEquals(MAX_DEPTH - 1, DatabaseQueries.count(
                "SELECT length(payload ->> 'extra') / 2 FROM webhook_events WHERE source = 'acme' AND delivery_id = ?",
                attempt.deliveryId));
    }

    @Test
    void sqlAndScriptInIdsAndFreeTextAreStoredVerbatim() {
        String run = UUID.randomUUID().toString();
        String accountId = "acc'; DROP TABLE accounts;-- \" OR \"1\"=\"1 <img src=x onerror=alert(1)> " + run;
        String name = "Main' UNION SELECT passwd FROM pg_shadow;--";
        String transactionId = "tx'); DELETE FROM transactions WHERE ''=''; --</script><script>alert(1)</script> " + run;
        String description = "Robert'); DROP TABLE webhook_events;-- <script>alert(document.cookie)</script>"
                + " ${jndi:ldap://x/a} %s %n \\ \" \u2615 \uD834\uDD1E";
        String accountDelivery = "evt'; DROP TABLE webhook_events;-- " + run;
        String transactionDelivery = "evt\"; TRUNCATE alerts; -- <b>" + run;
        Instant occurredAt = Instant.parse(OCCURRED_AT);

        HttpResponse<String> created = client.sendStandard(accountDelivery, Events.envelope(accountDelivery, "account.created",
                occurredAt, Json.createObjectBuilder().add("account", Json.createObjectBuilder()
                        .add("id", accountId).add("status", "active").add("name", name).add("currency", "EUR").add("balance", "10.00"))));
        HttpResponse<String> booked = client.sendStandard(transactionDelivery, Events.envelope(transactionDelivery,
                "transaction.created", occurredAt, Json.createObjectBuilder().add("transaction", Json.createObjectBuilder()
                        .add("id", transactionId).add("accountId", accountId).add("amount", "-2.50").add("currency", "EUR")
                        .add("status", "booked").add("description", description))));

        assertEquals(200, created.statusCode(), created.body());
        assertEquals("PROCESSED", object(created).getString("status"));
        assertEquals(200, booked.statusCode(), booked.body());
        assertEquals("PROCESSED", object(booked).getString("status"));

        HttpResponse<String> account = client.admin("GET", "/api/accounts/" + pathSegment(accountId));
        assertEquals(200, account.statusCode(), account.body());
        assertEquals(accountId, object(account).getString("id"));
        assertEquals(name, object(account).getString("name"));
        JsonArray transactions = array(client.admin("GET", "/api/accounts/" + pathSegment(accountId) + "/transactions"));
        assertEquals(1, transactions.size(), transactions.toString());
        assertEquals(transactionId, transactions.getJsonObject(0).getString("id"));
        assertEquals(accountId, transactions.getJsonObject(0).getString("accountId"));
        assertEquals(description, transactions.getJsonObject(0).getString("description"));

        assertEquals(description, DatabaseQueries.value("SELECT payload #>> '{data,transaction,description}' FROM webhook_events"
                + " WHERE source = 'acme' AND delivery_id = ?", transactionDelivery));
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id = ?", accountDelivery));
        assertEquals(4, DatabaseQueries.count("SELECT count(*) FROM pg_tables"
                + " WHERE tablename IN ('webhook_events', 'accounts', 'transactions', 'alerts')"), "every table still exists");
        assertTrue(DatabaseQueries.count("SELECT count(*) FROM accounts") >= 1, "and keeps its rows");
        assertTrue(DatabaseQueries.count("SELECT count(*) FROM transactions") >= 1, "and keeps its rows");
    }

    private void assertProblem(BadDelivery bad, HttpResponse<String> response) {
        String answer = bad + ", answered " + response.statusCode() + " " + response.body();
        assertEquals(bad.status(), response.statusCode(), answer);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip(), answer);
        JsonObject problem = object(response);
        assertEquals(bad.status(), problem.getInt("status"), answer);
        assertTrue(problem.getString("type").startsWith("https://"), answer);
        assertFalse(problem.getString("title").isBlank(), answer);
        assertFalse(problem.getString("detail").isBlank(), answer);
        for (String internal : List.of("Exception", "\tat ", "java.", "jakarta.", "org.", "SQL", "ERROR:")) {
            assertFalse(response.body().contains(internal), () -> "no internals (" + internal + "): " + answer);
        }
        for (String value : List.of("DROP TABLE", "<script")) {
            assertFalse(response.body().contains(value), () -> "the answer never repeats a value: " + answer);
        }
        String key = client.credentials().standardSecret().substring("whsec_".length());
        assertFalse(response.body().contains(key), () -> bad + ": no secret in the answer");
    }

    private static void assertNothingStored(BadDelivery bad, Attempt attempt) {
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id = ?", attempt.deliveryId),
                () -> bad + ": a refused delivery is not stored");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE starts_with(delivery_id, ?)",
                attempt.deliveryId), () -> bad + ": nor under a longer id");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE starts_with(external_id, ?)", attempt.accountId),
                () -> bad + ": nor applied to an account");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM transactions WHERE starts_with(external_id, ?)",
                attempt.transactionId), () -> bad + ": nor to a transaction");
    }

    private void assertAGoodDeliveryIsStillProcessed(BadDelivery bad) {
        String run = UUID.randomUUID().toString();
        HttpResponse<String> response = client.sendStandard("evt_good_" + run, Events.account("account.updated", "evt_good_" + run,
                Instant.now(), "acc_good_" + run, "active", "EUR", "1.00"));

        String answer = "after " + bad + ", a good delivery was answered " + response.statusCode() + " " + response.body();
        assertEquals(200, response.statusCode(), answer);
        assertEquals("PROCESSED", object(response).getString("status"), answer);
    }

    private static BadDelivery bad(String name, int status, Function<Attempt, Request> request) {
        return new BadDelivery(name, status, request);
    }

    /** A delivery whose body is at fault, signed correctly for {@code acme}. */
    private static BadDelivery badBody(String name, String template) {
        return badBytes(name, a -> a.fill(template));
    }

    private static BadDelivery badBytes(String name, Function<Attempt, byte[]> body) {
        return bad(name, 400, a -> a.signed(body.apply(a)));
    }

    /** A delivery that passes its source's signature check but leaves no valid delivery id. */
    private static BadDelivery noDeliveryId(String name, Function<Attempt, Request> request) {
        return bad(name, 400, request);
    }

    private static BadDelivery badSignature(String name, Function<Attempt, Request> request) {
        return bad(name, 401, request);
    }

    /** An account.updated event; each name and raw JSON value replaces or adds a top-level member, null removes it. */
    private static String accountEvent(String... topLevel) {
        return event("account.updated", jsonObject("account", jsonObject(ACCOUNT)), topLevel);
    }

    private static String accountEventWith(String member, String rawValue) {
        return event("account.updated", jsonObject("account", jsonObject(with(ACCOUNT, member, rawValue))));
    }

    private static String transactionEvent(String... topLevel) {
        return event("transaction.created", jsonObject("transaction", jsonObject(TRANSACTION)), topLevel);
    }

    private static String transactionEventWith(String member, String rawValue) {
        return event("transaction.created", jsonObject("transaction", jsonObject(with(TRANSACTION, member, rawValue))));
    }

    private static String batchEvent(List<String> transactionIds) {
        String items = transactionIds.stream()
                .map(id -> jsonObject(with(TRANSACTION, "id", "\"" + id + "\"")))
                .collect(Collectors.joining(",", "[", "]"));
        return event("transactions.batch", jsonObject("transactions", items));
    }

    private static String event(String type, String data, String... topLevel) {
        return jsonObject(with(members("id", "\"$id\"", "type", "\"" + type + "\"", "occurredAt", "\"" + OCCURRED_AT + "\"",
                "data", data), topLevel));
    }

    private static String nested(int arrays) {
        return "[".repeat(arrays) + "]".repeat(arrays);
    }

    private static String jsonObject(String name, String rawValue) {
        return jsonObject(members(name, rawValue));
    }

    private static String jsonObject(Map<String, String> members) {
        StringJoiner json = new StringJoiner(",", "{", "}");
        members.forEach((name, rawValue) -> json.add("\"" + name + "\":" + rawValue));
        return json.toString();
    }

    private static Map<String, String> members(String... namesAndRawValues) {
        return with(Map.of(), namesAndRawValues);
    }

    private static Map<String, String> with(Map<String, String> members, String... namesAndRawValues) {
        Map<String, String> result = new LinkedHashMap<>(members);
        for (int i = 0; i < namesAndRawValues.length; i += 2) {
            if (namesAndRawValues[i + 1] == null) {
                result.remove(namesAndRawValues[i]);
            } else {
                result.put(namesAndRawValues[i], namesAndRawValues[i + 1]);
            }
        }
        return result;
    }

    /** Percent-encodes every byte but the unreserved characters, so that no character of an id means anything in a path. */
    private static String pathSegment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    /**
     * One bad delivery of the catalogue.
     *
     * @param name    what is wrong with it, the case's display name
     * @param status  the documented answer
     * @param request builds the request for one attempt's fresh ids
     */
    record BadDelivery(String name, int status, Function<Attempt, Request> request) {

        @Override
        public String toString() {
            return name + " is " + status;
        }
    }

    /** What one case sends: header lines in order (a name may repeat) and the raw body. */
    record Request(String path, List<Map.Entry<String, String>> headerLines, byte[] body) {

        Request to(String otherPath) {
            return new Request(otherPath, headerLines, body);
        }

        Request withBody(byte[] otherBody) {
            return new Request(path, headerLines, otherBody);
        }

        Request without(String name) {
            return lines(lines -> lines.stream().filter(line -> !line.getKey().equalsIgnoreCase(name)).toList());
        }

        Request replacing(String name, String value) {
            return without(name).lines(lines -> Stream.concat(lines.stream(), Stream.of(Map.entry(name, value))).toList());
        }

        /** Sends the header's line a second time, with the same value. */
        Request repeating(String name) {
            return lines(lines -> Stream.concat(lines.stream(), lines.stream().filter(line -> line.getKey().equalsIgnoreCase(name)))
                    .toList());
        }

        private Request lines(UnaryOperator<List<Map.Entry<String, String>>> change) {
            return new Request(path, change.apply(headerLines), body);
        }
    }

    /**
     * One attempt at a case: fresh ids that fill the templates' {@code $id}, {@code $account} and {@code $tx}, and
     * the ways to send a body.
     */
    static final class Attempt {

        final String deliveryId;
        final String accountId;
        final String transactionId;
        private final TestCredentials credentials;

        Attempt(TestCredentials credentials) {
            String run = UUID.randomUUID().toString();
            this.deliveryId = "evt_bad_" + run;
            this.accountId = "acc_bad_" + run;
            this.transactionId = "tx_bad_" + run;
            this.credentials = credentials;
        }

        byte[] fill(String template) {
            return filled(template).getBytes(StandardCharsets.UTF_8);
        }

        /** The template filled in, with the raw bytes in place of the marker. */
        byte[] fill(String template, String marker, int... rawBytes) {
            String[] parts = filled(template).split(marker, 2);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
            Arrays.stream(rawBytes).forEach(body::write);
            body.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
            return body.toByteArray();
        }

        /** A Standard Webhooks delivery to {@code acme}, correctly signed and timestamped now. */
        Request signed(byte[] body) {
            return signedAt(Long.toString(Instant.now().getEpochSecond()), body);
        }

        Request signedAt(String timestamp, byte[] body) {
            return signed(deliveryId, timestamp, body);
        }

        Request signedAs(String otherDeliveryId, byte[] body) {
            return signed(otherDeliveryId, Long.toString(Instant.now().getEpochSecond()), body);
        }

        /** A Stripe delivery to {@code stripeco}, correctly signed now. */
        Request stripe(byte[] body) {
            return new Request("/api/webhooks/" + TestCredentials.STRIPE_SOURCE, List.of(
                    Map.entry("Content-Type", "application/json"),
                    Map.entry("Stripe-Signature", Signer.stripe(credentials.stripeSecret(), Instant.now().getEpochSecond(), body))),
                    body);
        }

        /** A delivery to the unsigned source {@code open}, without a webhook-id header. */
        Request unsigned(byte[] body) {
            return new Request("/api/webhooks/" + TestCredentials.UNSIGNED_SOURCE,
                    List.of(Map.entry("Content-Type", "application/json")), body);
        }

        private Request signed(String id, String timestamp, byte[] body) {
            List<Map.Entry<String, String>> lines = new ArrayList<>();
            lines.add(Map.entry("Content-Type", "application/json"));
            lines.add(Map.entry("webhook-id", id));
            lines.add(Map.entry("webhook-timestamp", timestamp));
            lines.add(Map.entry("webhook-signature", Signer.standard(credentials.standardSecret(), id, timestamp, body)));
            return new Request(ACME, List.copyOf(lines), body);
        }

        private String filled(String template) {
            return template.replace("$id", deliveryId).replace("$account", accountId).replace("$tx", transactionId);
        }
    }
}
