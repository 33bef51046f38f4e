package io.bulwark.webhook;

import io.bulwark.alert.AlertService;
import io.bulwark.alert.AlertSeverity;
import io.bulwark.database.FailureClassifier;
import io.bulwark.database.MonitoredOperation;
import io.bulwark.ledger.LedgerEffect;
import io.bulwark.ledger.LedgerService;
import io.bulwark.problem.ProblemException;
import io.bulwark.ledger.LedgerRuleViolation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The transactions of ingestion, each a whole unit that can be run again: storing a group of deliveries
 * together with their effects (one commit for the group on the happy path), storing a delivery as FAILED
 * with its alert when applying it failed, and replaying a failed one. Every method is idempotent with respect to (source, delivery id).
 *
 * <p>A delivery the ledger refuses is an expected outcome, not an error: its transaction is marked
 * rollback-only and the refusal returned, so nothing half-applied is committed and Liberty records no
 * incident for it.
 */
@ApplicationScoped
public class DeliveryStore {

    static final String PROCESSING_FAILED = "Webhook processing failed";
    static final String REPLAY_FAILED = "Webhook replay failed";
    static final String RECOVERY_GAVE_UP = "Webhook recovery gave up";

    private final EnvelopeParser parser = new EnvelopeParser();

    @Inject
    WebhookEventRepository events;

    @Inject
    LedgerService ledger;

    @Inject
    AlertService alerts;

    @Inject
    RecoveryPolicy recovery;

    @Resource
    TransactionSynchronizationRegistry transaction;

    /**
     * What became of a group: each member's receipt, in the members' order, or the ledger's refusal of one
     * member, when nothing was committed.
     */
    public record GroupOutcome(List<Receipt> receipts, LedgerRuleViolation refusal) {
    }

    /**
     * Stores the deliveries as PROCESSED (or IGNORED) and applies them in the order given, all in one
     * transaction; a delivery already stored, or earlier in the group, is not applied again and the
     * original's key is returned for it. When the ledger refuses any member, the whole transaction is rolled
     * back and the refusal returned.
     */
    @MonitoredOperation("webhook.store")
    @Transactional
    public GroupOutcome storeAndApply(List<Delivery> group) {
        Map<DeliveryKey, WebhookEventRepository.NewEvent> firsts = new LinkedHashMap<>();
        for (Delivery delivery : group) {
            firsts.computeIfAbsent(delivery.key(), key -> new WebhookEventRepository.NewEvent(UUID.randomUUID(), delivery,
                    delivery.envelope().isIgnored() ? WebhookStatus.IGNORED : WebhookStatus.PROCESSED, null, null));
        }
        Set<UUID> stored = events.insertAllIfAbsent(List.copyOf(firsts.values()));
        List<LedgerEffect> effects = new ArrayList<>();
        List<DeliveryKey> storedBefore = new ArrayList<>();
        firsts.forEach((key, row) -> {
            if (!stored.contains(row.id())) {
                storedBefore.add(key);
            } else if (!row.delivery().envelope().isIgnored()) {
                effects.add(effect(row.delivery().envelope()));
            }
        });
        Map<DeliveryKey, WebhookEventRepository.StoredKey> originals = storedBefore.isEmpty() ? Map.of() : events.findKeys(storedBefore);
        try {
            ledger.apply(effects);
        } catch (LedgerRuleViolation refusal) {
            transaction.setRollbackOnly();
            return new GroupOutcome(null, refusal);
        }
        Set<DeliveryKey> answered = new HashSet<>();
        List<Receipt> receipts = new ArrayList<>(group.size());
        for (Delivery delivery : group) {
            WebhookEventRepository.NewEvent row = firsts.get(delivery.key());
            boolean first = answered.add(delivery.key());
            if (stored.contains(row.id())) {
                receipts.add(new Receipt(row.id(), row.status(), !first));
            } else {
                receipts.add(duplicateOf(originals.get(delivery.key())));
            }
        }
        return new GroupOutcome(receipts, null);
    }

    /** Stores the delivery as FAILED with an alert, after applying it failed and was rolled back. */
    @MonitoredOperation("webhook.store-failed")
    @Transactional
    public Receipt storeFailed(Delivery delivery, Throwable failure) {
        UUID id = UUID.randomUUID();
        FailureDescription description = FailureDescription.of(failure);
        WebhookEventRepository.NewEvent row = new WebhookEventRepository.NewEvent(id, delivery, WebhookStatus.FAILED,
                description.lastError(), recovery.nextAttemptAfter(1));
        if (events.insertAllIfAbsent(List.of(row)).isEmpty()) {
            return duplicateOf(events.findKeys(List.of(delivery.key())).get(delivery.key()));
        }
        alerts.raise(AlertSeverity.WARNING, PROCESSING_FAILED, delivery.source(), delivery.envelope().type(), id,
                description.errorClass());
        return new Receipt(id, WebhookStatus.FAILED, false);
    }

    /**
     * Applies a FAILED event again from its stored payload and marks it PROCESSED; returns the ledger's
     * refusal (with the transaction rolled back) if it still cannot be applied.
     */
    @MonitoredOperation("webhook.replay")
    @Transactional
    public LedgerRuleViolation replay(UUID id) {
        WebhookEvent event = failedEvent(id);
        try {
            apply(parser.parse(event.getPayload().getBytes(StandardCharsets.UTF_8)));
        } catch (LedgerRuleViolation refusal) {
            transaction.setRollbackOnly();
            return refusal;
        }
        event.complete(WebhookStatus.PROCESSED);
        return null;
    }

    /** Records a failed replay on the event (one more attempt, the new error) and raises an alert. */
    @MonitoredOperation("webhook.record-failed-replay")
    @Transactional
    public void recordFailedReplay(UUID id, Throwable failure) {
        WebhookEvent event = failedEvent(id);
        FailureDescription description = FailureDescription.of(failure);
        event.fail(description.lastError(), null);
        alerts.raise(AlertSeverity.WARNING, REPLAY_FAILED, event.getSource(), event.getType(), id, description.errorClass());
    }

    /** What one background recovery step did: nothing was due, an event was recovered, or it failed again. */
    public record Recovery(UUID webhookId, Throwable failure) {

        static final Recovery NOTHING_DUE = new Recovery(null, null);

        public boolean nothingDue() {
            return webhookId == null;
        }
    }

    /**
     * Claims the FAILED event due longest (skipping those other workers hold) and applies it. Exactly one
     * worker can apply an event: the claim holds its row until this transaction commits it as PROCESSED.
     */
    @MonitoredOperation("webhook.recover")
    @Transactional
    public Recovery recoverNext() {
        Optional<WebhookEvent> claimed = events.claimDue();
        if (claimed.isEmpty()) {
            return Recovery.NOTHING_DUE;
        }
        WebhookEvent event = claimed.get();
        try {
            apply(parser.parse(event.getPayload().getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException failure) {
            if (FailureClassifier.isTransient(failure)) {
                throw failure;
            }
            transaction.setRollbackOnly();
            return new Recovery(event.getId(), failure);
        }
        event.complete(WebhookStatus.PROCESSED);
        return new Recovery(event.getId(), null);
    }

    /**
     * Records a failed background attempt: one more attempt and the next one scheduled, or, when attempts are
     * used up, no next attempt and a critical alert. Skipped when another worker got to the event first.
     */
    @MonitoredOperation("webhook.record-failed-recovery")
    @Transactional
    public void recordFailedRecovery(UUID id, Throwable failure) {
        Optional<WebhookEvent> locked = events.findForUpdate(id).filter(event -> event.getStatus() == WebhookStatus.FAILED
                && event.getNextAttemptAt() != null && !event.getNextAttemptAt().isAfter(OffsetDateTime.now(ZoneOffset.UTC)));
        if (locked.isEmpty()) {
            return;
        }
        WebhookEvent event = locked.get();
        FailureDescription description = FailureDescription.of(failure);
        OffsetDateTime next = recovery.nextAttemptAfter(event.getAttempts() + 1);
        event.fail(description.lastError(), next);
        if (next == null) {
            alerts.raise(AlertSeverity.CRITICAL, RECOVERY_GAVE_UP, event.getSource(), event.getType(), id, description.errorClass());
        }
    }

    /** The event under a row lock; a concurrent replay that completed it first makes this one a conflict. */
    private WebhookEvent failedEvent(UUID id) {
        WebhookEvent event = events.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("no webhook event with that id"));
        if (event.getStatus() != WebhookStatus.FAILED) {
            throw ProblemException.conflict("only FAILED events can be replayed; this one is " + event.getStatus());
        }
        return event;
    }

    private void apply(WebhookEnvelope envelope) {
        if (!envelope.isIgnored()) {
            ledger.apply(List.of(effect(envelope)));
        }
    }

    private static LedgerEffect effect(WebhookEnvelope envelope) {
        return envelope.knownType().isAccountEvent() ? LedgerEffect.of(envelope.account()) : LedgerEffect.of(envelope.transactions());
    }

    private static Receipt duplicateOf(WebhookEventRepository.StoredKey original) {
        if (original == null) {
            throw new IllegalStateException("a conflicting delivery vanished");
        }
        return new Receipt(original.id(), original.status(), true);
    }
}
