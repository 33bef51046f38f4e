package io.bulwark.ledger;

/**
 * The rules an event must pass against the ledger as it stands, one method per rule. Each takes what the
 * rule reads, so it decides from its arguments alone; {@link LedgerService} reads those values under the
 * row locks that keep them true until its transaction ends. A new rule is a method here, called from the
 * check of the kind of update it applies to, with its inputs read under the same locks.
 *
 * <p>Every rule throws {@link LedgerRuleViolation} named after it when the update breaks it.
 */
final class LedgerRules {

    static final String ACCOUNT_MISMATCH = "AccountMismatch";
    static final String CURRENCY_MISMATCH = "CurrencyMismatch";

    private LedgerRules() {
    }

    /**
     * Every rule for an update of a transaction in {@code ledger}.
     *
     * @param accountCurrency the currency of the account the update names, as the events before it left it
     * @param bookedOnAccount the external id of the account the transaction is booked on; null if it is new
     */
    static void checkTransaction(String ledger, TransactionUpdate update, String accountCurrency, String bookedOnAccount) {
        staysOnItsAccount(ledger, update, bookedOnAccount);
        matchesAccountCurrency(ledger, update, accountCurrency);
    }

    /** A transaction stays on the account it was first booked on: an update naming another one is refused. */
    static void staysOnItsAccount(String ledger, TransactionUpdate update, String bookedOnAccount) {
        if (bookedOnAccount != null && !bookedOnAccount.equals(update.accountExternalId())) {
            throw new LedgerRuleViolation(ACCOUNT_MISMATCH, "transaction " + update.externalId() + " in ledger " + ledger
                    + " is booked on account " + bookedOnAccount + ", the event names " + update.accountExternalId());
        }
    }

    /** A transaction is in its account's currency, once the account has one. */
    static void matchesAccountCurrency(String ledger, TransactionUpdate update, String accountCurrency) {
        if (accountCurrency != null && !accountCurrency.equals(update.currency())) {
            throw new LedgerRuleViolation(CURRENCY_MISMATCH, "transaction " + update.externalId() + " is in "
                    + update.currency() + ", account " + update.accountExternalId() + " in ledger " + ledger + " is in "
                    + accountCurrency);
        }
    }
}
