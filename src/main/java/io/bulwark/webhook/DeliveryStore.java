package io.bulwark.webhook;

import io.bulwark.alert.Alerts;
import io.bulwark.alert.AlertSeverity;
import io.bulwark.database.MonitoredOperation;
import io.bulwark.ledger.LedgerEffect;
import io.bulwark.ledger.LedgerService;
import io.bulwark.ledger.LedgerRuleViolation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The transactions of ingestion, each a whole unit that can be run again: storing a group of deliveries
 * together with their effects (one commit for the group on the happy path), and storing a delivery as FAILED
 * with its alert when applying it failed. Every method is idempotent with respect to (source, delivery id),
 * and to (source, body) where bodies identify deliveries.
 * What happens to a FAILED event afterwards is {@link FailedEventStore}'s.
 *
 * <p>A delivery the ledger refuses is an expected outcome, not an error: its transaction is marked
 * rollback-only and the refusal returned, so nothing half-applied is committed and Liberty records no
 * incident for it.
 */
@ApplicationScoped
@Transactional
public class DeliveryStore {

    static final String PROCESSING_FAILED = "Webhook processing failed";

    @Inject
    WebhookEventRepository events;

    @Inject
    LedgerService ledger;

    @Inject
    Alerts alerts;

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
    public GroupOutcome storeAndApply(List<Delivery> group) {
        Map<Delivery, WebhookEventRepository.NewEvent> rowOf = rowsOf(group);
        List<WebhookEventRepository.NewEvent> rows = group.stream().map(rowOf::get).distinct().toList();
        Set<UUID> stored = events.insertAllIfAbsent(rows);
        List<LedgerEffect> effects = new ArrayList<>();
        List<Delivery> storedBefore = new ArrayList<>();
        for (WebhookEventRepository.NewEvent row : rows) {
            if (!stored.contains(row.id())) {
                storedBefore.add(row.delivery());
            } else if (!row.delivery().event().isIgnored()) {
                effects.add(row.delivery().event().effect(row.delivery().ledger()));
            }
        }
        Map<DeliveryKey, WebhookEventRepository.StoredKey> originals = storedBefore.isEmpty() ? Map.of() : events.findOriginals(storedBefore);
        try {
            ledger.apply(effects);
        } catch (LedgerRuleViolation refusal) {
            transaction.setRollbackOnly();
            return new GroupOutcome(null, refusal);
        }
        Set<UUID> answered = new HashSet<>();
        List<Receipt> receipts = new ArrayList<>(group.size());
        for (Delivery delivery : group) {
            WebhookEventRepository.NewEvent row = rowOf.get(delivery);
            if (stored.contains(row.id())) {
                receipts.add(new Receipt(row.id(), row.status(), !answered.add(row.id())));
            } else {
                receipts.add(duplicateOf(originals.get(row.delivery().key())));
            }
        }
        return new GroupOutcome(receipts, null);
    }

    /**
     * The row each member is stored as: a member that repeats an earlier one's (source, delivery id), or its
     * body where bodies identify deliveries, shares that one's row. Keyed by identity, as two members may be equal.
     */
    private static Map<Delivery, WebhookEventRepository.NewEvent> rowsOf(List<Delivery> group) {
        Map<Delivery, WebhookEventRepository.NewEvent> rowOf = new IdentityHashMap<>();
        Map<DeliveryKey, WebhookEventRepository.NewEvent> byKey = new HashMap<>();
        Map<Delivery.BodyKey, WebhookEventRepository.NewEvent> byBody = new HashMap<>();
        for (Delivery delivery : group) {
            WebhookEventRepository.NewEvent row = byKey.get(delivery.key());
            if (row == null && delivery.bodyKey() != null) {
                row = byBody.get(delivery.bodyKey());
            }
            if (row == null) {
                row = new WebhookEventRepository.NewEvent(EventIds.receivedAt(Instant.now()), delivery,
                        delivery.event().isIgnored() ? WebhookStatus.IGNORED : WebhookStatus.PROCESSED, null, null);
                if (delivery.bodyKey() != null) {
                    byBody.put(delivery.bodyKey(), row);
                }
            }
            byKey.putIfAbsent(delivery.key(), row);
            rowOf.put(delivery, row);
        }
        return rowOf;
    }

    /** Stores the delivery as FAILED with an alert, after applying it failed and was rolled back. */
    @MonitoredOperation("webhook.store-failed")
    public Receipt storeFailed(Delivery delivery, Throwable failure) {
        UUID id = EventIds.receivedAt(Instant.now());
        FailureDescription description = FailureDescription.of(failure);
        WebhookEventRepository.NewEvent row = new WebhookEventRepository.NewEvent(id, delivery, WebhookStatus.FAILED,
                description.lastError(), recovery.delayAfter(1).orElse(null));
        if (events.insertAllIfAbsent(List.of(row)).isEmpty()) {
            return duplicateOf(events.findOriginals(List.of(delivery)).get(delivery.key()));
        }
        alerts.raise(AlertSeverity.WARNING, PROCESSING_FAILED, delivery.source(), delivery.event().type(), id,
                description.errorClass());
        return new Receipt(id, WebhookStatus.FAILED, false);
    }

    private static Receipt duplicateOf(WebhookEventRepository.StoredKey original) {
        if (original == null) {
            throw new IllegalStateException("a conflicting delivery vanished");
        }
        return new Receipt(original.id(), original.status(), true);
    }
}
