package io.bulwark.ledger;

import java.time.OffsetDateTime;

/**
 * A transaction as clients read it; the amount is a decimal string, exact as stored.
 *
 * @param ledger    the ledger it belongs to, its account's
 * @param id        the provider's id, unique within the ledger
 * @param accountId the provider's id of the account it is booked on, in the same ledger
 */
public record TransactionView(String ledger, String id, String accountId, String amount, String currency, String status,
                              OffsetDateTime bookedAt, String description, OffsetDateTime asOf,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static TransactionView of(Transaction transaction, String accountExternalId) {
        return new TransactionView(transaction.getLedger(), transaction.getExternalId(), accountExternalId,
                transaction.getAmount().toPlainString(), transaction.getCurrency(), transaction.getStatus(),
                transaction.getBookedAt(), transaction.getDescription(), transaction.getStateAsOf(),
                transaction.getCreatedAt(), transaction.getUpdatedAt());
    }
}
