package io.bulwark.webhook;

import io.bulwark.ledger.LedgerRuleViolation;
import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.group.GroupCommitter;
import io.bulwark.webhook.signature.SignedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Receives deliveries; {@link FailedEventService} replays FAILED ones, {@code io.bulwark.webhook.search} finds stored ones.
 *
 * <p>A delivery is verified against its source's signature scheme and parsed (each failure a 4xx
 * {@link ProblemException}, before anything is stored), then stored and applied in one transaction, which it
 * shares with the deliveries stored at the same time ({@link DeliveryGroups}). When that transaction cannot
 * commit it, it is committed alone ({@link LoneCommits}), with retries for transient database failures and,
 * when the ledger refuses it, as FAILED with an alert. The answer comes only after the commit that holds it;
 * a database that stays unavailable is answered 503 with Retry-After, never with a receipt.
 *
 * <p>An event its source's mapping cannot make usable ({@link EventReader}), or dated outside
 * {@link OccurrenceBounds}, is stored as FAILED with an alert straight away, without joining a group, whose
 * transaction it would only roll back.
 *
 * <p>No timeout interrupts a delivery: an attempt's waits are bounded by the pool's connection timeout and
 * the datasource's query timeout, and a timeout that fired after the commit would tell the sender that a
 * stored delivery was not stored.
 */
@ApplicationScoped
public class WebhookService {

    private static final Pattern DELIVERY_ID = Pattern.compile("[^\\p{Cntrl}]{1,255}");

    @Inject
    WebhookSources sources;

    @Inject
    Signatures signatures;

    @Inject
    DeliveryGroups groups;

    @Inject
    LoneCommits lone;

    @Inject
    WebhookMetrics metrics;

    @Inject
    OccurrenceBounds occurrence;

    @Inject
    EventReader reader;

    private final EnvelopeParser parser = new EnvelopeParser();

    /** The source deliveries are received for under that name, or empty when there is none: checked before a body is read. */
    public Optional<WebhookSource> source(String sourceName) {
        return sources.find(sourceName);
    }

    /**
     * Verifies, parses, stores and applies a delivery.
     *
     * @param source  the source named by the request ({@link #source})
     * @param request the delivery's headers and body as received
     * @return the receipt: stored (as PROCESSED, IGNORED or FAILED) or a duplicate of a stored delivery
     * @throws ProblemException 4xx when the delivery is not verified or not valid
     * @throws RuntimeException a transient database failure or an open circuit (503) when it was not stored
     */
    public Receipt receive(WebhookSource source, SignedRequest request) {
        Delivery delivery;
        try (GroupCommitter.Arrival arrival = groups.arriving()) {
            delivery = verified(source, request);
        }
        Receipt receipt = stored(delivery);
        metrics.accepted(delivery.source(), receipt);
        return receipt;
    }

    private Receipt stored(Delivery delivery) {
        EventMeaning meaning = delivery.event().meaning();
        if (meaning instanceof EventMeaning.Unusable unusable) {
            return lone.storeFailed(delivery, unusable.why());
        }
        if (meaning instanceof EventMeaning.Applies applies) {
            Optional<LedgerRuleViolation> untimely = occurrence.violation(applies.envelope().occurredAt());
            if (untimely.isPresent()) {
                return lone.storeFailed(delivery, untimely.get());
            }
        }
        if (groups.storeAndApply(delivery) instanceof GroupResult.Committed committed) {
            return committed.receipt();
        }
        return lone.commit(delivery);
    }

    /** The delivery, checked cheapest first; a ProblemException for the first check it fails. */
    private Delivery verified(WebhookSource source, SignedRequest request) {
        String headerDeliveryId = signatures.verify(source, request).orElse(null);
        byte[] raw = request.body();
        JsonObject kept = parser.read(raw);
        String deliveryId = headerDeliveryId != null ? headerDeliveryId : EnvelopeParser.usableId(kept.get("id"));
        if (deliveryId == null || !DELIVERY_ID.matcher(deliveryId).matches()) {
            throw ProblemException.badRequest("no valid delivery id: the " + source.scheme().name().toLowerCase(Locale.ROOT)
                    + " scheme needs " + (headerDeliveryId == null ? "the body's id" : "a delivery id header")
                    + " of 1 to 255 characters");
        }
        String payload = new String(raw, StandardCharsets.UTF_8);
        DeliveredEvent event = reader.atReceipt(source, kept, payload, request, deliveryId);
        return new Delivery(source.name(), source.ledger(), deliveryId, event, payload,
                source.identifiesByBody() ? HexFormat.of().formatHex(sha256(raw)) : null);
    }

    private static byte[] sha256(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
