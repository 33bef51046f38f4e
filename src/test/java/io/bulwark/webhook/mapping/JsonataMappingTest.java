package io.bulwark.webhook.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonataMappingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Map<String, Object> EVENT = Map.of("source", "acme", "type", "thing.done", "deliveryId", "evt_1",
            "occurredAt", "2026-11-29T12:00:00Z");

    @TempDir
    Path directory;

    @Test
    void yieldsTheEnvelopeAsJsonTextFromThePayloadAndTheEventsFacts() {
        JsonataMapping mapping = JsonataMapping.compile("test", """
                {"type": "transaction.created", "occurredAt": $event.occurredAt, "data": {"transaction": {
                  "id": id, "amount": $fromMinorUnits(cents, currency), "note": "a \\"quote\\"", "n": n, "ok": true, "none": null}}}""",
                TIMEOUT, 100);

        Optional<String> yielded = mapping.evaluate("{\"id\": \"tx_1\", \"cents\": -1250, \"currency\": \"eur\", \"n\": 2.5}", EVENT);

        assertEquals(Optional.of("{\"type\":\"transaction.created\",\"occurredAt\":\"2026-11-29T12:00:00Z\",\"data\":{\"transaction\":"
                + "{\"id\":\"tx_1\",\"amount\":\"-12.50\",\"note\":\"a \\\"quote\\\"\",\"n\":2.5,\"ok\":true,\"none\":null}}}"), yielded);
    }

    @Test
    void yieldsNothingForAnEventItDoesNotMap() {
        JsonataMapping mapping = JsonataMapping.compile("test", "type = 'wanted' ? {'type': 'account.updated'}", TIMEOUT, 100);

        assertEquals(Optional.empty(), mapping.evaluate("{\"type\": \"other\"}", EVENT));
    }

    @Test
    void aMappingThatLoopsFailsThatDeliveryWithinItsTimeLimit() {
        JsonataMapping mapping = JsonataMapping.compile("loop", "($f := function($x) { $x > -1 ? $f($x + 1) : 0 }; $f(0))",
                Duration.ofMillis(200), 100_000);

        long started = System.nanoTime();
        MappingException failed = assertThrows(MappingException.class, () -> mapping.evaluate("{}", EVENT));

        assertTrue(failed.getMessage().startsWith("mapping loop failed"), failed.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) < 0, "stopped, not run on");
    }

    @Test
    void aMappingThatRecursesPastItsDepthFailsThatDelivery() {
        JsonataMapping mapping = JsonataMapping.compile("deep", "($f := function($x) { $f($x + 1) + 1 }; $f(0))", TIMEOUT, 50);

        MappingException failed = assertThrows(MappingException.class, () -> mapping.evaluate("{}", EVENT));

        assertTrue(failed.getMessage().contains("deep"), failed.getMessage());
    }

    @Test
    void aMappingThatDoesNotCompileIsNamedByItsFile() throws IOException {
        Files.writeString(directory.resolve("broken.jsonata"), "type = ");

        MappingException refused = assertThrows(MappingException.class, () -> JsonataMapping.load("broken", directory, TIMEOUT, 100));

        assertTrue(refused.getMessage().startsWith("names " + directory.resolve("broken.jsonata") + ", which does not compile"),
                refused.getMessage());
    }

    @Test
    void findsAShippedMappingByNameAndAnyOtherByPath() throws IOException {
        Files.writeString(directory.resolve("mine.jsonata"), "{'type': type}");
        Path elsewhere = Files.writeString(directory.resolve("elsewhere.json"), "{'type': 'x'}");

        assertEquals(Optional.of("{\"type\":\"a\"}"), JsonataMapping.load("mine", directory, TIMEOUT, 100).evaluate("{\"type\":\"a\"}", EVENT));
        assertEquals(elsewhere.toString(), JsonataMapping.load(elsewhere.toString(), directory, TIMEOUT, 100).name());
        assertTrue(assertThrows(MappingException.class, () -> JsonataMapping.load("missing", directory, TIMEOUT, 100))
                .getMessage().contains("cannot be read"));
        assertTrue(assertThrows(MappingException.class, () -> JsonataMapping.load("Stripe!", directory, TIMEOUT, 100))
                .getMessage().contains("neither the name of a shipped mapping"));
    }

    @Test
    void aValueThatIsNotJsonFailsTheDelivery() {
        JsonataMapping mapping = JsonataMapping.compile("fn", "{'f': function($x) { $x }}", TIMEOUT, 100);

        assertThrows(MappingException.class, () -> mapping.evaluate("{}", EVENT));
    }
}
