package io.bulwark.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
 * <p>Several events are applied as if one after another in the order given, with the statements of
 * consecutive transaction events shared: their accounts are made sure of, their current bookings read and
 * their upserts sent together.
 *
 * <p>Failure modes: {@link LedgerRuleViolation} when an event contradicts the ledger as the events before
 * it left it (a transaction moving to another account, a currency that is not the account's); then nothing
 * may be committed. {@link io.bulwark.database.DatabaseAccessException} for the database's own failures,
 * which the caller classifies as transient or permanent.
 */
@ApplicationScoped
public class LedgerService {

    @Inject
    LedgerRepository repository;

    public void apply(List<LedgerEffect> effects) {
        boolean accountsEnsured = effects.size() > 1;
        if (accountsEnsured) {
            // Every row a group may wait for is taken here, in one order, before any other write: new accounts
            // inserted, then the accounts it updates locked. Two groups then wait for each other at most
            // once, in the same order, and never deadlock.
            TreeSet<String> allAccounts = new TreeSet<>();
            TreeSet<String> updatedAccounts = new TreeSet<>();
            for (LedgerEffect effect : effects) {
                if (effect.isAccountUpdate()) {
                    allAccounts.add(effect.account().externalId());
                    updatedAccounts.add(effect.account().externalId());
                } else {
                    effect.transactions().forEach(update -> allAccounts.add(update.accountExternalId()));
                }
            }
            repository.insertMissingAccounts(allAccounts);
            if (!updatedAccounts.isEmpty()) {
                repository.lockAccounts(updatedAccounts);
            }
        }
        int next = 0;
        while (next < effects.size()) {
            if (effects.get(next).isAccountUpdate()) {
                repository.upsertAccount(effects.get(next).account());
                next++;
            } else {
                int end = next;
                while (end < effects.size() && !effects.get(end).isAccountUpdate()) {
                    end++;
                }
                applyTransactions(effects.subList(next, end), accountsEnsured);
                next = end;
            }
        }
    }

    /** Applies consecutive transaction events; each event's updates in external-id order. */
    private void applyTransactions(List<LedgerEffect> events, boolean accountsEnsured) {
        List<List<TransactionUpdate>> ordered = events.stream()
                .map(event -> event.transactions().stream().sorted(Comparator.comparing(TransactionUpdate::externalId)).toList())
                .toList();
        TreeSet<String> accountIds = new TreeSet<>();
        LinkedHashSet<String> transactionIds = new LinkedHashSet<>();
        ordered.forEach(updates -> updates.forEach(update -> {
            accountIds.add(update.accountExternalId());
            transactionIds.add(update.externalId());
        }));
        if (!accountsEnsured) {
            repository.insertMissingAccounts(accountIds);
        }
        Map<String, LedgerRepository.AccountKey> accounts = repository.findAccounts(accountIds);
        Map<String, String> bookedOn = new HashMap<>(repository.accountsOfTransactions(transactionIds));
        List<TransactionUpdate> upserts = new ArrayList<>();
        for (List<TransactionUpdate> event : ordered) {
            for (TransactionUpdate update : event) {
                checkRules(update, accounts.get(update.accountExternalId()), bookedOn.get(update.externalId()));
            }
            // An upsert never moves a transaction, so the account it is first booked on is the one it stays on.
            event.forEach(update -> bookedOn.putIfAbsent(update.externalId(), update.accountExternalId()));
            upserts.addAll(event);
        }
        repository.upsertTransactions(upserts, accounts);
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
