package io.bulwark.webhook;

import io.bulwark.ledger.LedgerEffect;
import java.time.OffsetDateTime;

/**
 * A delivery's event as Bulwark reads it.
 *
 * @param type       its type as stored ({@link EventFacts})
 * @param occurredAt when it happened as stored, or null when the delivery does not say
 * @param meaning    what it asks of the ledger
 */
public record DeliveredEvent(String type, OffsetDateTime occurredAt, EventMeaning meaning) {

    public boolean isIgnored() {
        return meaning instanceof EventMeaning.Ignored;
    }

    /** What applying it does to {@code ledger}; only for an event that {@link EventMeaning.Applies applies}. */
    LedgerEffect effect(String ledger) {
        return ((EventMeaning.Applies) meaning).in(ledger);
    }
}
