package io.bulwark.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies what events say to accounts and transactions, inside the caller's transaction (the delivery is
 * stored in the same one, so an event is applied exactly when it is stored; the repository insists on one).
 * It carries no transaction interceptor itself, so that a refusal reaches the caller as a plain exception
 * rather than as a transaction-boundary incident. Applying the same update
 * twice, or an update older than the stored state, changes nothing.
 *
 * <p>Failure modes: {@link LedgerRuleViolation} when the event contradicts the ledger (a transaction moving
 * to another account, a currency that is not the account's);
 * {@link io.bulwark.database.DatabaseAccessException} for the database's own failures, which the caller
 * classifies as transient or permanent.
 */
@ApplicationScoped
public class LedgerService {

    @Inject
    LedgerRepository repository;

    public void applyAccount(AccountUpdate update) {
        repository.upsertAccount(update);
    }

    /** Applies transaction updates (one, or a batch of up to 1000) in external-id order. */
    public void applyTransactions(List<TransactionUpdate> updates) {
        List<TransactionUpdate> ordered = updates.stream().sorted(Comparator.comparing(TransactionUpdate::externalId)).toList();
        TreeSet<String> accountIds = new TreeSet<>();
        ordered.forEach(update -> accountIds.add(update.accountExternalId()));
        Map<String, LedgerRepository.AccountKey> accounts = repository.ensureAccounts(accountIds);
        Map<String, String> bookedOn = repository.accountsOfTransactions(ordered.stream().map(TransactionUpdate::externalId).toList());
        for (TransactionUpdate update : ordered) {
            checkRules(update, accounts.get(update.accountExternalId()), bookedOn.get(update.externalId()));
        }
        repository.upsertTransactions(ordered, accounts);
    }

    private static void checkRules(TransactionUpdate update, LedgerRepository.AccountKey account, String bookedOnAccount) {
        if (bookedOnAccount != null && !bookedOnAccount.equals(update.accountExternalId())) {
            throw new LedgerRuleViolation("AccountMismatch", "transaction " + update.externalId() + " is booked on account "
                    + bookedOnAccount + ", the event names " + update.accountExternalId());
        }
        if (account.currency() != null && !account.currency().equals(update.currency())) {
            throw new LedgerRuleViolation("CurrencyMismatch", "transaction " + update.externalId() + " is in "
                    + update.currency() + ", account " + update.accountExternalId() + " is in " + account.currency());
        }
    }
}
