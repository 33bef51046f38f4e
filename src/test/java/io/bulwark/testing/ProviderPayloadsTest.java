package io.bulwark.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.ProviderPayload.Provider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderPayloadsTest {

    private static final Instant START_OF_2026 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant START_OF_2027 = Instant.parse("2027-01-01T00:00:00Z");

    static Stream<ProviderPayload> all() {
        return ProviderPayloads.all().stream();
    }

    static Stream<ProviderPayload> github() {
        return ProviderPayloads.of(Provider.GITHUB).stream();
    }

    static Stream<ProviderPayload> stripe() {
        return ProviderPayloads.of(Provider.STRIPE).stream();
    }

    static Stream<ProviderPayload> standard() {
        return ProviderPayloads.of(Provider.STANDARD).stream();
    }

    @Test
    void listsEveryVendoredFileAndNothingElse() throws IOException, URISyntaxException {
        Path root = vendored();
        Set<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(path -> path.toString().endsWith(".json"))
                    .map(path -> "providers/" + root.relativize(path).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }

        assertEquals(files, all().map(ProviderPayload::resource).collect(Collectors.toSet()));
        assertEquals(files.size(), ProviderPayloads.all().size());
    }

    @ParameterizedTest
    @MethodSource("all")
    void givesTheFileByteForByte(ProviderPayload payload) throws IOException, URISyntaxException {
        Path file = vendored().resolve(payload.resource().substring("providers/".length()));

        assertArrayEquals(Files.readAllBytes(file), payload.body());
    }

    @Test
    void givesAFreshCopyOfTheBodyEachTime() {
        ProviderPayload push = ProviderPayloads.github("push");
        byte[] first = push.body();
        first[0] = 'x';

        assertEquals('{', push.body()[0]);
    }

    @ParameterizedTest
    @MethodSource("github")
    void namesEachGithubPayloadByItsEventHeaderThenItsAction(ProviderPayload payload) {
        JsonObject body = parse(payload);
        String[] parts = payload.name().split("\\.", 2);

        assertEquals(parts[0], payload.event());
        if (parts.length == 2) {
            assertEquals(parts[1], body.getString("action"));
        } else {
            assertFalse(body.containsKey("action"));
        }
    }

    @Test
    void sendsTheGithubEventInItsHeaderAndNoOtherProvidersEvent() {
        assertEquals(Map.of("X-GitHub-Event", "issues"), ProviderPayloads.github("issues.opened").eventHeaders());
        assertEquals(Map.of(), ProviderPayloads.stripe("charge.succeeded.eur").eventHeaders());
        assertEquals(Map.of(), ProviderPayloads.standard("example.event").eventHeaders());
    }

    @ParameterizedTest
    @MethodSource("stripe")
    void holdsAStripeEventOfTheDocumentedShapeCreatedIn2026(ProviderPayload payload) {
        JsonObject event = parse(payload);
        Instant created = Instant.ofEpochSecond(event.getJsonNumber("created").longValueExact());

        assertTrue(event.getString("id").startsWith("evt_"), event.getString("id"));
        assertEquals("event", event.getString("object"));
        assertEquals(payload.event(), event.getString("type"));
        assertTrue(payload.name().startsWith(payload.event()), payload.name());
        assertFalse(event.getString("api_version").isBlank());
        assertFalse(created.isBefore(START_OF_2026), created::toString);
        assertTrue(created.isBefore(START_OF_2027), created::toString);
        assertEquals(JsonValue.ValueType.OBJECT, event.getJsonObject("data").get("object").getValueType());
        assertEquals(JsonValue.FALSE, event.get("livemode"));
        assertTrue(event.getJsonNumber("pending_webhooks").isIntegral());
        assertTrue(event.getJsonObject("request").keySet().containsAll(Set.of("id", "idempotency_key")));
    }

    @Test
    void holdsStripeChargesInATwoDecimalAndAZeroDecimalCurrency() {
        JsonObject euros = dataObject(ProviderPayloads.stripe("charge.succeeded.eur"));
        JsonObject yen = dataObject(ProviderPayloads.stripe("charge.succeeded.jpy"));

        assertEquals(2000, euros.getInt("amount"));
        assertEquals("eur", euros.getString("currency"));
        assertEquals(500, yen.getInt("amount"));
        assertEquals("jpy", yen.getString("currency"));
    }

    @Test
    void refundsTheEuroChargeInFull() {
        JsonObject succeeded = dataObject(ProviderPayloads.stripe("charge.succeeded.eur"));
        JsonObject refunded = dataObject(ProviderPayloads.stripe("charge.refunded.eur"));

        assertEquals(succeeded.getString("id"), refunded.getString("id"));
        assertEquals(succeeded.getInt("amount"), refunded.getInt("amount_refunded"));
        assertTrue(refunded.getBoolean("refunded"));
    }

    @Test
    void namesTheConnectedAccountAtTheTopOfTheStripeAccountEvent() {
        ProviderPayload updated = ProviderPayloads.stripe("account.updated");

        assertEquals(dataObject(updated).getString("id"), parse(updated).getString("account"));
    }

    @ParameterizedTest
    @MethodSource("standard")
    void holdsAStandardWebhooksPayloadWithTypeTimestampAndData(ProviderPayload payload) {
        JsonObject body = parse(payload);

        assertEquals(payload.event(), body.getString("type"));
        OffsetDateTime.parse(body.getString("timestamp"));
        assertEquals(JsonValue.ValueType.OBJECT, body.get("data").getValueType());
    }

    @Test
    void refusesAnUnknownNameListingTheKnownOnes() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProviderPayloads.github("issues.closed"));

        assertEquals("no github payload named 'issues.closed'; there are ping, push, issues.opened, sponsorship.created",
                refused.getMessage());
    }

    private static Path vendored() throws URISyntaxException {
        return Path.of(ProviderPayloadsTest.class.getClassLoader().getResource("providers").toURI());
    }

    private static JsonObject dataObject(ProviderPayload payload) {
        return parse(payload).getJsonObject("data").getJsonObject("object");
    }

    private static JsonObject parse(ProviderPayload payload) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(payload.body()))) {
            return reader.readObject();
        }
    }
}
