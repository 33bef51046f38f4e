package io.bulwark.ledger;

import java.util.List;

/**
 * What one event asks of the ledger: an account update, or updates of one or more transactions.
 *
 * @param account      the account update, or null
 * @param transactions the transaction updates; empty for an account update
 */
public record LedgerEffect(AccountUpdate account, List<TransactionUpdate> transactions) {

    public LedgerEffect {
        transactions = List.copyOf(transactions);
        if ((account == null) == transactions.isEmpty()) {
            throw new IllegalArgumentException("an effect is an account update or transaction updates");
        }
    }

    public static LedgerEffect of(AccountUpdate account) {
        return new LedgerEffect(account, List.of());
    }

    public static LedgerEffect of(List<TransactionUpdate> transactions) {
        return new LedgerEffect(null, transactions);
    }

    boolean isAccountUpdate() {
        return account != null;
    }
}
