package io.bulwark.webhook;

import io.bulwark.ledger.LedgerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a stored event again, as its source's mapping reads it now ({@link EventReader#again}), inside the
 * caller's transaction: the replay of one event by hand, by the recovery worker, or by a bulk replay job. The
 * caller holds the event's row lock and decides, by the event's status under it, whether it may be applied.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Reapplication {

    @Inject
    WebhookEventRepository events;

    @Inject
    EventReader reader;

    @Inject
    OccurrenceBounds occurrence;

    @Inject
    LedgerService ledger;

    /** The event, locked until the transaction ends; empty when there is none. */
    public Optional<WebhookEvent> lock(UUID webhookId) {
        return events.findForUpdate(webhookId);
    }

    /**
     * Applies the event to its ledger; does not change its status.
     *
     * @return IGNORED when its mapping now reads nothing for the ledger in it, else PROCESSED
     * @throws RuntimeException why it cannot be applied ({@link io.bulwark.ledger.LedgerRuleViolation} for a refusal);
     *                          the caller's transaction must then be rolled back
     */
    public WebhookStatus apply(WebhookEvent event) {
        EventMeaning meaning = reader.again(event).meaning();
        if (meaning instanceof EventMeaning.Unusable unusable) {
            throw unusable.why();
        }
        if (meaning instanceof EventMeaning.Applies applies) {
            occurrence.check(applies.envelope().occurredAt());
            ledger.apply(List.of(applies.in(event.getLedger())));
            return WebhookStatus.PROCESSED;
        }
        return WebhookStatus.IGNORED;
    }

    /**
     * Records a replay that failed on the event: FAILED, one more attempt, the error, and no background attempt
     * (a replayed event is an operator's to watch).
     *
     * @return the error as recorded
     */
    public String recordFailure(WebhookEvent event, Throwable failure) {
        String lastError = FailureDescription.of(failure).lastError();
        event.fail(lastError, null);
        return lastError;
    }
}
