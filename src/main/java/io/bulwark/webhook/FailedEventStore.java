package io.bulwark.webhook;

import io.bulwark.alert.Alerts;
import io.bulwark.alert.AlertSeverity;
import io.bulwark.database.MonitoredOperation;
import io.bulwark.ledger.LedgerRuleViolation;
import io.bulwark.problem.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactions of a FAILED event's life after it was stored: replaying it by hand, recovering it in the
 * background, and recording a replay or recovery that failed. Each method is one transaction that can be
 * run again; an event is applied again only under its row lock, so two replicas never apply it twice.
 *
 * <p>An attempt that fails is rolled back whole and returned, not thrown, so that the caller records it in a
 * transaction of its own: nothing half-applied is ever committed, and the failed attempt is still counted.
 * Failures of the database itself while claiming, recording or committing are thrown.
 */
@ApplicationScoped
@Transactional
public class FailedEventStore {

    static final String REPLAY_FAILED = "Webhook replay failed";
    static final String RECOVERY_GAVE_UP = "Webhook recovery gave up";


    @Inject
    WebhookEventRepository events;

    @Inject
    Reapplication reapplication;

    @Inject
    ReplayAudit audit;

    @Inject
    Alerts alerts;

    @Inject
    RecoveryPolicy recovery;

    @Resource
    TransactionSynchronizationRegistry transaction;

    /**
     * Applies a FAILED event again from its stored payload and marks it PROCESSED; returns the ledger's
     * refusal (with the transaction rolled back) if it still cannot be applied. A replay that applied it is
     * audited as {@code replayedBy}'s.
     *
     * @throws ProblemException 404 for an unknown event, 409 for one that is not FAILED
     */
    @MonitoredOperation("webhook.replay")
    public LedgerRuleViolation replay(UUID id, String replayedBy) {
        WebhookEvent event = failedEvent(id);
        try {
            reapplication.apply(event);
        } catch (LedgerRuleViolation refusal) {
            transaction.setRollbackOnly();
            return refusal;
        }
        event.complete(WebhookStatus.PROCESSED);
        audit.record(id, null, replayedBy, WebhookStatus.PROCESSED, null);
        return null;
    }

    /**
     * Records a failed replay on the event (one more attempt, the new error) and raises an alert. A replayed
     * event is an operator's to watch from then on: it is not tried again in the background. The replay is
     * audited as {@code replayedBy}'s.
     */
    @MonitoredOperation("webhook.record-failed-replay")
    public void recordFailedReplay(UUID id, Throwable failure, String replayedBy) {
        WebhookEvent event = failedEvent(id);
        FailureDescription description = FailureDescription.of(failure);
        event.fail(description.lastError(), null);
        audit.record(id, null, replayedBy, WebhookStatus.FAILED, description.lastError());
        alerts.raise(AlertSeverity.WARNING, REPLAY_FAILED, event.getSource(), event.getType(), id, description.errorClass());
    }

    /** What one background recovery step did. */
    public sealed interface Recovery {

        /** No FAILED event is due, or every due one is held by another worker. */
        record NothingDue() implements Recovery {
        }

        /** The event was applied and is PROCESSED. */
        record Recovered(UUID webhookId) implements Recovery {
        }

        /**
         * Applying the event failed, refused by the ledger or by a transient database failure (a lock waited on
         * past the query timeout, a deadlock); nothing was committed, and the attempt is still to be recorded.
         */
        record Failed(UUID webhookId, Throwable failure) implements Recovery {
        }
    }

    /**
     * Claims the FAILED event due longest (skipping those other workers hold) and applies it. Exactly one
     * worker can apply an event: the claim holds its row until this transaction commits it as PROCESSED.
     *
     * @throws RuntimeException when the database fails while claiming or committing
     */
    @MonitoredOperation("webhook.recover")
    public Recovery recoverNext() {
        Optional<WebhookEvent> claimed = events.claimDue();
        if (claimed.isEmpty()) {
            return new Recovery.NothingDue();
        }
        WebhookEvent event = claimed.get();
        try {
            reapplication.apply(event);
        } catch (RuntimeException failure) {
            transaction.setRollbackOnly();
            return new Recovery.Failed(event.getId(), failure);
        }
        event.complete(WebhookStatus.PROCESSED);
        return new Recovery.Recovered(event.getId());
    }

    /**
     * Records a failed background attempt, whatever failed it: one more attempt and the next one due the
     * policy's delay after the database's {@code now()}, or, when attempts are used up, no next attempt and a
     * critical alert. Skipped when the event is no longer due, or another worker holds it: that worker's
     * attempt is the one that counts.
     */
    @MonitoredOperation("webhook.record-failed-recovery")
    public void recordFailedRecovery(UUID id, Throwable failure) {
        Optional<WebhookEvent> due = events.lockIfDue(id);
        if (due.isEmpty()) {
            return;
        }
        WebhookEvent event = due.get();
        FailureDescription description = FailureDescription.of(failure);
        Optional<Duration> retryAfter = recovery.delayAfter(event.getAttempts() + 1);
        events.recordFailedAttempt(id, description.lastError(), retryAfter.orElse(null));
        if (retryAfter.isEmpty()) {
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
}
