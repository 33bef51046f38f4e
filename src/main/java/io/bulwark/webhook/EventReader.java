package io.bulwark.webhook;

import io.bulwark.ledger.LedgerRuleViolation;
import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.mapping.MappingException;
import io.bulwark.webhook.signature.SignedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a delivery's event: its facts as its scheme places them ({@link EventFacts}) and its meaning for the
 * ledger as its source's mapping reads it ({@link SourceMapping}). A replay reads the stored event the same way,
 * from the stored payload and the stored facts, so that whatever was stored can be read again.
 *
 * <p>A canonical envelope of a type Bulwark applies that breaks a rule is the sender's to fix: 400 at receipt. A
 * JSONata mapping that fails, or yields what Bulwark cannot apply, is the operator's to fix: the delivery is
 * stored as FAILED with an alert ({@value #MAPPING_FAILED} or {@value #MAPPING_INVALID}) and can be replayed.
 */
@ApplicationScoped
public class EventReader {

    static final String MAPPING_FAILED = "MappingFailed";
    static final String MAPPING_INVALID = "MappingInvalid";
    static final String SOURCE_GONE = "SourceNotConfigured";

    private final Clock clock = Clock.systemUTC();
    private final EnvelopeParser parser = new EnvelopeParser();

    @Inject
    WebhookSources sources;

    /**
     * The event of a delivery just received.
     *
     * @param kept the body's kept members ({@link EnvelopeParser#read})
     * @throws ProblemException 400 when a canonical envelope of a type Bulwark applies breaks a rule
     */
    DeliveredEvent atReceipt(WebhookSource source, JsonObject kept, String payload, SignedRequest request, String deliveryId) {
        EventFacts facts = EventFacts.derive(source.scheme(), kept, request, clock.instant());
        return new DeliveredEvent(facts.type(), facts.occurredAt(),
                meaning(source.mapping(), source.name(), kept, payload, facts, deliveryId));
    }

    /** The event of a stored delivery, read again by its source's mapping as configured now. */
    DeliveredEvent again(WebhookEvent stored) {
        EventFacts facts = new EventFacts(stored.getType(), stored.getOccurredAt());
        Optional<WebhookSource> source = sources.find(stored.getSource());
        if (source.isEmpty()) {
            return new DeliveredEvent(facts.type(), facts.occurredAt(), new EventMeaning.Unusable(new LedgerRuleViolation(SOURCE_GONE,
                    "source " + stored.getSource() + " is no longer configured, so no mapping reads its events")));
        }
        try {
            JsonObject kept = parser.read(stored.getPayload().getBytes(StandardCharsets.UTF_8));
            return new DeliveredEvent(facts.type(), facts.occurredAt(),
                    meaning(source.get().mapping(), stored.getSource(), kept, stored.getPayload(), facts, stored.getDeliveryId()));
        } catch (ProblemException refused) {
            return new DeliveredEvent(facts.type(), facts.occurredAt(), new EventMeaning.Unusable(new LedgerRuleViolation(
                    MAPPING_INVALID, "the " + source.get().mapping().name() + " mapping cannot read it: " + refused.detail())));
        }
    }

    private EventMeaning meaning(SourceMapping mapping, String source, JsonObject kept, String payload, EventFacts facts,
                                 String deliveryId) {
        if (mapping instanceof SourceMapping.Scripted scripted) {
            return scripted(scripted, source, payload, facts, deliveryId);
        }
        return meaningOf(parser.envelope(kept));
    }

    private EventMeaning scripted(SourceMapping.Scripted scripted, String source, String payload, EventFacts facts, String deliveryId) {
        Optional<String> yielded;
        try {
            yielded = scripted.mapping().evaluate(payload, event(source, facts, deliveryId));
        } catch (MappingException failed) {
            return new EventMeaning.Unusable(new LedgerRuleViolation(MAPPING_FAILED, failed.getMessage()));
        }
        if (yielded.isEmpty()) {
            return new EventMeaning.Ignored();
        }
        WebhookEnvelope envelope;
        try {
            envelope = parser.parse(yielded.get().getBytes(StandardCharsets.UTF_8));
        } catch (ProblemException invalid) {
            return new EventMeaning.Unusable(new LedgerRuleViolation(MAPPING_INVALID,
                    "mapping " + scripted.name() + " yielded an envelope that breaks a rule: " + invalid.detail()));
        }
        if (envelope.isIgnored()) {
            return new EventMeaning.Unusable(new LedgerRuleViolation(MAPPING_INVALID, "mapping " + scripted.name()
                    + " yielded no type Bulwark applies; a mapping yields nothing for an event not meant for the ledger"));
        }
        return new EventMeaning.Applies(envelope);
    }

    private static EventMeaning meaningOf(WebhookEnvelope envelope) {
        return envelope.isIgnored() ? new EventMeaning.Ignored() : new EventMeaning.Applies(envelope);
    }

    /** The facts a mapping sees as {@code $event}; an absent one is left out. */
    private static Map<String, Object> event(String source, EventFacts facts, String deliveryId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("source", source);
        event.put("type", facts.type());
        event.put("deliveryId", deliveryId);
        if (facts.occurredAt() != null) {
            event.put("occurredAt", facts.occurredAt().toString());
        }
        return event;
    }
}
