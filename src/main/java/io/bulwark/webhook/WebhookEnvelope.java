package io.bulwark.webhook;

import io.bulwark.ledger.AccountUpdate;
import io.bulwark.ledger.LedgerEffect;
import io.bulwark.ledger.TransactionUpdate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A delivery's body after validation: the canonical envelope and what it says about the ledger.
 *
 * @param id           the body's {@code id}, or null when absent
 * @param type         the body's {@code type} as sent
 * @param knownType    the type Bulwark applies, or null when the event is to be stored as IGNORED
 * @param occurredAt   when the event happened; never null for a known type
 * @param account      for account events: the account as the event states it; else null
 * @param transactions for transaction events: one (created/updated) or up to 1000 (batch); else empty
 */
public record WebhookEnvelope(String id, String type, EventType knownType, OffsetDateTime occurredAt,
                              AccountUpdate account, List<TransactionUpdate> transactions) {

    public WebhookEnvelope {
        transactions = List.copyOf(transactions);
    }

    public boolean isIgnored() {
        return knownType == null;
    }

    /** What applying it does to {@code ledger}; only for an envelope that is not ignored. */
    LedgerEffect effect(String ledger) {
        return knownType.isAccountEvent() ? LedgerEffect.of(ledger, account) : LedgerEffect.of(ledger, transactions);
    }
}
