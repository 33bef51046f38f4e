package io.bulwark.ledger;

import java.util.List;

/**
 * What one event asks of the ledger: an account update, or updates of one or more transactions, all in one
 * ledger.
 *
 * @param ledger       the ledger the event writes to (see {@link LedgerNames})
 * @param account      the account update, or null
 * @param transactions the transaction updates; empty for an account update
 */
public record LedgerEffect(String ledger, AccountUpdate account, List<TransactionUpdate> transactions) {

    public LedgerEffect {
        if (!LedgerNames.isValid(ledger)) {
            throw new IllegalArgumentException("ledger name " + LedgerNames.RULE_DESCRIPTION);
        }
        transactions = List.copyOf(transactions);
        if ((account == null) == transactions.isEmpty()) {
            throw new IllegalArgumentException("an effect is an account update or transaction updates");
        }
    }

    public static LedgerEffect of(String ledger, AccountUpdate account) {
        return new LedgerEffect(ledger, account, List.of());
    }

    public static LedgerEffect of(String ledger, List<TransactionUpdate> transactions) {
        return new LedgerEffect(ledger, null, transactions);
    }

    boolean isAccountUpdate() {
        return account != null;
    }

    /** The key of the updated account; only for an account update. */
    LedgerKey accountKey() {
        return new LedgerKey(ledger, account.externalId());
    }

    /** The key of the account a transaction update books on, in this effect's ledger. */
    LedgerKey accountKeyOf(TransactionUpdate update) {
        return new LedgerKey(ledger, update.accountExternalId());
    }

    LedgerKey keyOf(TransactionUpdate update) {
        return new LedgerKey(ledger, update.externalId());
    }
}
