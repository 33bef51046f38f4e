package io.bulwark.ledger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The order in which {@link LedgerService} takes its locks and what it decides from the rows it read, against a
 * repository that records its calls and answers as the database would.
 */
class LedgerServiceTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-29T12:00:00Z");

    private final RecordingRepository repository = new RecordingRepository();
    private final LedgerService service = new LedgerService();

    LedgerServiceTest() {
        service.repository = repository;
    }

    @Test
    void accountsAreInsertedThenLockedInOneKeyOrderAcrossLedgers() {
        repository.accounts.put(key("open", "acc_b"), eur());
        repository.accounts.put(key("acme", "acc_b"), eur());
        repository.accounts.put(key("acme", "acc_a"), eur());

        service.apply(List.of(
                LedgerEffect.of("open", List.of(transaction("tx_1", "acc_b", "EUR"))),
                LedgerEffect.of("acme", account("acc_b", "EUR")),
                LedgerEffect.of("acme", List.of(transaction("tx_2", "acc_a", "EUR")))));

        List<LedgerKey> sorted = List.of(key("acme", "acc_a"), key("acme", "acc_b"), key("open", "acc_b"));
        assertEquals(List.of("insert " + sorted, "lock " + sorted, "read transactions", "upsert account acme/acc_b",
                "upsert transactions [acme/tx_2, open/tx_1]"), repository.calls);
    }

    @Test
    void aLoneAccountUpdateTakesOnlyItsUpsertsLock() {
        service.apply(List.of(LedgerEffect.of("acme", account("acc_a", "EUR")), LedgerEffect.of("acme", account("acc_a", "USD"))));

        assertEquals(List.of("upsert account acme/acc_a", "upsert account acme/acc_a"), repository.calls);
    }

    @Test
    void aLoneTransactionEventLocksItsAccountToo() {
        repository.accounts.put(key("acme", "acc_a"), eur());

        service.apply(List.of(LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR")))));

        assertEquals(List.of("insert [acme/acc_a]", "lock [acme/acc_a]", "read transactions", "upsert transactions [acme/tx_1]"),
                repository.calls);
    }

    @Test
    void theCurrencyRuleReadsTheLockedAccount() {
        repository.accounts.put(key("acme", "acc_a"), new LedgerRepository.AccountRow(UUID.randomUUID(), "USD"));

        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class,
                () -> service.apply(List.of(LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))))));

        assertEquals("CurrencyMismatch", violation.rule());
        assertEquals(List.of("insert [acme/acc_a]", "lock [acme/acc_a]", "read transactions"), repository.calls);
    }

    @Test
    void anAccountUpdateEarlierInTheCallDecidesTheCurrencyOfLaterTransactions() {
        repository.accounts.put(key("acme", "acc_a"), eur());

        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class, () -> service.apply(List.of(
                LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))),
                LedgerEffect.of("acme", account("acc_a", "USD")),
                LedgerEffect.of("acme", List.of(transaction("tx_2", "acc_a", "EUR"))))));

        assertEquals("CurrencyMismatch", violation.rule());
        assertEquals("transaction tx_2 is in EUR, account acc_a in ledger acme is in USD", violation.getMessage());
    }

    @Test
    void anAccountUpdateOlderThanTheStoredStateLeavesTheLockedCurrency() {
        repository.accounts.put(key("acme", "acc_a"), eur());
        repository.staleAccountUpdates = true;

        assertDoesNotThrow(() -> service.apply(List.of(
                LedgerEffect.of("acme", account("acc_a", "USD")),
                LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))))));
    }

    @Test
    void theSameIdInAnotherLedgerIsAnotherAccount() {
        repository.accounts.put(key("acme", "acc_a"), eur());
        repository.accounts.put(key("open", "acc_a"), new LedgerRepository.AccountRow(UUID.randomUUID(), "USD"));

        assertDoesNotThrow(() -> service.apply(List.of(
                LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))),
                LedgerEffect.of("open", List.of(transaction("tx_1", "acc_a", "USD"))))));
        assertEquals("upsert transactions [acme/tx_1, open/tx_1]", repository.calls.get(repository.calls.size() - 1));
    }

    @Test
    void aTransactionBookedOnAnotherAccountIsRefusedBeforeAnythingIsWritten() {
        repository.accounts.put(key("acme", "acc_a"), eur());
        repository.bookings.put(key("acme", "tx_1"), "acc_b");

        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class,
                () -> service.apply(List.of(LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))))));

        assertEquals("AccountMismatch", violation.rule());
        assertEquals(List.of("insert [acme/acc_a]", "lock [acme/acc_a]", "read transactions"), repository.calls);
    }

    @Test
    void aTransactionMovedByALaterEventOfTheSameCallIsRefused() {
        repository.accounts.put(key("acme", "acc_a"), eur());
        repository.accounts.put(key("acme", "acc_b"), eur());

        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class, () -> service.apply(List.of(
                LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))),
                LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_b", "EUR"))))));

        assertEquals("AccountMismatch", violation.rule());
    }

    @Test
    void aFirstBookingCommittedMeanwhileOnAnotherAccountIsAnAccountMismatch() {
        repository.accounts.put(key("acme", "acc_a"), eur());
        repository.bookedMeanwhile.put(key("acme", "tx_1"), "acc_b");

        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class,
                () -> service.apply(List.of(LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))))));

        assertEquals("AccountMismatch", violation.rule());
        assertEquals("transaction tx_1 in ledger acme is booked on account acc_b, the event names acc_a", violation.getMessage());
        assertEquals("read transactions [acme/tx_1]", repository.calls.get(repository.calls.size() - 1));
    }

    @Test
    void aNewerFirstBookingCommittedMeanwhileOnTheSameAccountIsNoMismatch() {
        repository.accounts.put(key("acme", "acc_a"), eur());
        repository.bookedMeanwhile.put(key("acme", "tx_1"), "acc_a");

        assertDoesNotThrow(() -> service.apply(List.of(LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"))))));
    }

    @Test
    void transactionsThatWereWrittenAreNotReadAgain() {
        repository.accounts.put(key("acme", "acc_a"), eur());

        service.apply(List.of(LedgerEffect.of("acme", List.of(transaction("tx_1", "acc_a", "EUR"), transaction("tx_2", "acc_a", "EUR")))));

        assertEquals("upsert transactions [acme/tx_1, acme/tx_2]", repository.calls.get(repository.calls.size() - 1));
    }

    private static LedgerKey key(String ledger, String externalId) {
        return new LedgerKey(ledger, externalId);
    }

    private static LedgerRepository.AccountRow eur() {
        return new LedgerRepository.AccountRow(UUID.randomUUID(), "EUR");
    }

    private static AccountUpdate account(String externalId, String currency) {
        return new AccountUpdate(externalId, "active", "Main", currency, BigDecimal.TEN, AT);
    }

    private static TransactionUpdate transaction(String externalId, String accountExternalId, String currency) {
        return new TransactionUpdate(externalId, accountExternalId, new BigDecimal("-5.00"), currency, "booked", null, "Coffee", AT);
    }

    /**
     * Answers as the database would: accounts that are not known yet are inserted without currency; a
     * transaction in {@code bookedMeanwhile} was booked by a concurrent first booking that committed after the
     * service read its transactions, so the upsert writes it only when it names the same account.
     */
    private static final class RecordingRepository extends LedgerRepository {

        final List<String> calls = new ArrayList<>();
        final Map<LedgerKey, AccountRow> accounts = new HashMap<>();
        final Map<LedgerKey, String> bookings = new HashMap<>();
        final Map<LedgerKey, String> bookedMeanwhile = new HashMap<>();
        boolean staleAccountUpdates;

        @Override
        public Optional<AccountRow> upsertAccount(String ledger, AccountUpdate update) {
            calls.add("upsert account " + key(ledger, update.externalId()));
            if (staleAccountUpdates) {
                return Optional.empty();
            }
            AccountRow before = accounts.get(key(ledger, update.externalId()));
            AccountRow after = new AccountRow(before == null ? UUID.randomUUID() : before.id(),
                    update.currency() != null ? update.currency() : before == null ? null : before.currency());
            accounts.put(key(ledger, update.externalId()), after);
            return Optional.of(after);
        }

        @Override
        void insertMissingAccounts(Collection<LedgerKey> sortedKeys) {
            calls.add("insert " + List.copyOf(sortedKeys));
            sortedKeys.forEach(key -> accounts.putIfAbsent(key, new AccountRow(UUID.randomUUID(), null)));
        }

        @Override
        Map<LedgerKey, AccountRow> lockAccounts(Collection<LedgerKey> keys) {
            calls.add("lock " + List.copyOf(keys));
            Map<LedgerKey, AccountRow> locked = new HashMap<>();
            keys.forEach(key -> locked.put(key, accounts.get(key)));
            return locked;
        }

        @Override
        Map<LedgerKey, String> accountsOfTransactions(Collection<LedgerKey> transactionKeys) {
            boolean again = calls.stream().anyMatch(call -> call.startsWith("upsert transactions"));
            calls.add(again ? "read transactions " + List.copyOf(transactionKeys) : "read transactions");
            Map<LedgerKey, String> found = new HashMap<>();
            for (LedgerKey key : transactionKeys) {
                String account = bookings.containsKey(key) ? bookings.get(key) : again ? bookedMeanwhile.get(key) : null;
                if (account != null) {
                    found.put(key, account);
                }
            }
            return found;
        }

        @Override
        Set<LedgerKey> upsertTransactions(List<TransactionWrite> writes) {
            calls.add("upsert transactions " + writes.stream().map(TransactionWrite::key).sorted().toList());
            Set<LedgerKey> written = new HashSet<>();
            for (TransactionWrite write : writes) {
                if (!bookedMeanwhile.containsKey(write.key())) {
                    written.add(write.key());
                }
            }
            return written;
        }
    }
}
