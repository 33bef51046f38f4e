package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SignedRequest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What Bulwark reads of any verified delivery, whatever its shape: its type and when it happened, each where its
 * source's scheme puts them. They are stored with the event and shown to admins, and a mapping sees them as
 * {@code $event}. Nothing here refuses a delivery: a fact that is missing or unusable is {@value #UNKNOWN_TYPE}
 * (for the type) or absent (for the time).
 *
 * <table>
 *   <caption>Where each scheme's facts come from</caption>
 *   <tr><th>scheme</th><th>type</th><th>occurredAt</th></tr>
 *   <tr><td>github</td><td>{@code X-GitHub-Event}, then {@code .action} when the body has one</td><td>receipt</td></tr>
 *   <tr><td>stripe</td><td>body {@code type}</td><td>body {@code created}, epoch seconds</td></tr>
 *   <tr><td>standard, hmac, none</td><td>body {@code type}</td><td>body {@code occurredAt}, else {@code timestamp}</td></tr>
 * </table>
 *
 * @param type       the type as stored
 * @param occurredAt when it happened, or null when the delivery does not say
 */
record EventFacts(String type, OffsetDateTime occurredAt) {

    static final String UNKNOWN_TYPE = "unknown";

    private static final JsonProvider JSON = JsonProvider.provider();
    // Stripe's created is epoch seconds; beyond year 9999 it is no time PostgreSQL or a ledger should hold.
    private static final long LATEST_EPOCH_SECOND = 253_402_300_799L;

    static EventFacts derive(SignatureScheme scheme, JsonObject kept, SignedRequest request, Instant receivedAt) {
        return switch (scheme) {
            case GITHUB -> new EventFacts(githubType(kept, request), receivedAt.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            case STRIPE -> new EventFacts(bodyType(kept), epochSeconds(kept));
            case STANDARD, HMAC, NONE -> new EventFacts(bodyType(kept), EnvelopeParser.lenientTimestamp(kept));
        };
    }

    private static String bodyType(JsonObject kept) {
        String type = EnvelopeParser.usableType(kept.get("type"));
        return type == null ? UNKNOWN_TYPE : type;
    }

    private static String githubType(JsonObject kept, SignedRequest request) {
        List<String> events = request.headers("X-GitHub-Event");
        String event = events.size() == 1 ? EnvelopeParser.usableType(JSON.createValue(events.get(0))) : null;
        if (event == null) {
            return UNKNOWN_TYPE;
        }
        String action = kept.get("action") instanceof JsonString ? EnvelopeParser.usableType(kept.get("action")) : null;
        String type = action == null ? event : event + "." + action;
        return type.length() <= EnvelopeParser.MAX_TYPE_LENGTH ? type : event;
    }

    private static OffsetDateTime epochSeconds(JsonObject kept) {
        if (!(kept.get("created") instanceof JsonNumber created) || !created.isIntegral()) {
            return null;
        }
        long seconds = created.bigDecimalValue().min(BigDecimal.valueOf(LATEST_EPOCH_SECOND))
                .max(BigDecimal.ZERO).longValueExact();
        return Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC);
    }
}
