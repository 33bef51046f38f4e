package io.bulwark.ledger;

import java.time.OffsetDateTime;

/**
 * An account as clients read it; the balance is a decimal string, exact as stored.
 *
 * @param ledger the ledger it belongs to
 * @param id     the provider's id, unique within the ledger
 * @param asOf   the occurredAt of the event behind this state; null for an account only named by transactions
 */
public record AccountView(String ledger, String id, String status, String name, String currency, String balance,
                          OffsetDateTime asOf, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static AccountView of(Account account) {
        return new AccountView(account.getLedger(), account.getExternalId(), account.getStatus(), account.getName(),
                account.getCurrency(), account.getBalance() == null ? null : account.getBalance().toPlainString(),
                account.getStateAsOf(), account.getCreatedAt(), account.getUpdatedAt());
    }
}
