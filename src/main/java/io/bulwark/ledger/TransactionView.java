package io.bulwark.ledger;

import java.time.OffsetDateTime;

/** A transaction as clients read it; the amount is a decimal string, exact as stored. */
public record TransactionView(String id, String accountId, String amount, String currency, String status,
                              OffsetDateTime bookedAt, String description, OffsetDateTime asOf,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static TransactionView of(Transaction transaction, String accountExternalId) {
        return new TransactionView(transaction.getExternalId(), accountExternalId, transaction.getAmount().toPlainString(),
                transaction.getCurrency(), transaction.getStatus(), transaction.getBookedAt(), transaction.getDescription(),
                transaction.getStateAsOf(), transaction.getCreatedAt(), transaction.getUpdatedAt());
    }
}
