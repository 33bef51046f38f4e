package io.bulwark.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies what events say to accounts and transactions, inside the caller's transaction (the delivery is
 * stored in the same one, so an event is applied exactly when it is stored; the repository insists on one).
 * It carries no transaction interceptor itself, so that a refusal reaches the caller as a plain exception
 * rather than as a transaction-boundary incident. Applying the same update twice, or an update older than the
 * stored state, changes nothing. Each effect writes only to its own ledger; the effects of one call may belong
 * to several.
 *
 * <p>Several events are applied as if one after another in the order given: the {@link LedgerRules} see the
 * ledger as the events before each left it. Their statements are shared: accounts are made sure of and locked
 * together, current bookings read together, and every transaction update is upserted at the end (a transaction
 * write neither reads nor changes an account, so deferring it changes no outcome).
 *
 * <p><b>Locks.</b> Every row a rule reads stays as read until the transaction ends, and every lock is taken in
 * one order, so that two callers wait for each other at most in one direction and never deadlock. After the
 * caller's own rows (the webhook events, inserted first in their key order), the order is:
 * <ol>
 *   <li>accounts not known yet are inserted (status {@code unknown}), in {@link LedgerKey} order;</li>
 *   <li>every account the effects name is locked {@code FOR NO KEY UPDATE} in {@link LedgerKey} order, by the
 *       same statement that reads its id and currency: the currency rule's input cannot change before commit,
 *       and the account updates that follow only write rows already held;</li>
 *   <li>transactions are locked by their upsert alone, one statement in {@link LedgerKey} order (a second
 *       update of the same transaction in a later one, on a row already held).</li>
 * </ol>
 * Which account an existing transaction is booked on is read without a lock: no statement ever changes a
 * transaction's account or an account's external id, so that read stays true anyway. Locking transactions
 * when they are read would even break the order: rows that exist would be locked before new ones are
 * inserted, and whether a row exists differs between concurrent callers. What that read cannot see is a first
 * booking of the same transaction committed after it; the upsert then finds that row, locks it and leaves it
 * alone when it is on another account. So transactions that were new when read and that the upsert did not
 * write are read again afterwards, under the upsert's lock, and their account checked.
 *
 * <p>Effects that only update one account read nothing and take one row lock, the upsert's own; they skip
 * the first two steps.
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
        TreeSet<LedgerKey> accountKeys = new TreeSet<>();
        TreeSet<LedgerKey> transactionKeys = new TreeSet<>();
        for (LedgerEffect effect : effects) {
            if (effect.isAccountUpdate()) {
                accountKeys.add(effect.accountKey());
            } else {
                for (TransactionUpdate update : effect.transactions()) {
                    accountKeys.add(effect.accountKeyOf(update));
                    transactionKeys.add(effect.keyOf(update));
                }
            }
        }
        if (accountKeys.isEmpty()) {
            return;
        }
        if (transactionKeys.isEmpty() && accountKeys.size() == 1) {
            effects.forEach(effect -> repository.upsertAccount(effect.ledger(), effect.account()));
            return;
        }
        repository.insertMissingAccounts(accountKeys);
        Map<LedgerKey, LedgerRepository.AccountRow> accounts = new HashMap<>(repository.lockAccounts(accountKeys));
        Map<LedgerKey, String> bookedOn = transactionKeys.isEmpty() ? new HashMap<>()
                : new HashMap<>(repository.accountsOfTransactions(transactionKeys));
        Set<LedgerKey> newWhenRead = new TreeSet<>(transactionKeys);
        newWhenRead.removeAll(bookedOn.keySet());

        List<LedgerRepository.TransactionWrite> writes = new ArrayList<>();
        Map<LedgerKey, TransactionUpdate> firstUpdates = new HashMap<>();
        for (LedgerEffect effect : effects) {
            if (effect.isAccountUpdate()) {
                Optional<LedgerRepository.AccountRow> written = repository.upsertAccount(effect.ledger(), effect.account());
                written.ifPresent(account -> accounts.put(effect.accountKey(), account));
                continue;
            }
            for (TransactionUpdate update : effect.transactions()) {
                LedgerRules.checkTransaction(effect.ledger(), update, accounts.get(effect.accountKeyOf(update)).currency(),
                        bookedOn.get(effect.keyOf(update)));
            }
            // An upsert never moves a transaction, so the account it is first booked on is the one it stays on.
            for (TransactionUpdate update : effect.transactions()) {
                LedgerKey key = effect.keyOf(update);
                bookedOn.putIfAbsent(key, update.accountExternalId());
                firstUpdates.putIfAbsent(key, update);
                writes.add(new LedgerRepository.TransactionWrite(key, update,
                        accounts.get(effect.accountKeyOf(update)).id()));
            }
        }
        Set<LedgerKey> written = repository.upsertTransactions(writes);
        newWhenRead.removeAll(written);
        if (!newWhenRead.isEmpty()) {
            repository.accountsOfTransactions(newWhenRead).forEach((key, account) ->
                    LedgerRules.staysOnItsAccount(key.ledger(), firstUpdates.get(key), account));
        }
    }
}
