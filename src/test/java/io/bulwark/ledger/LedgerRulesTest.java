package io.bulwark.ledger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class LedgerRulesTest {

    private static final TransactionUpdate EUR_ON_ACC_1 = new TransactionUpdate("tx_1", "acc_1", new BigDecimal("-5.00"), "EUR",
            "booked", null, "Coffee", OffsetDateTime.parse("2026-11-29T12:00:00Z"));

    @Test
    void aNewTransactionMayBeBookedOnAnyAccount() {
        assertDoesNotThrow(() -> LedgerRules.staysOnItsAccount("acme", EUR_ON_ACC_1, null));
    }

    @Test
    void aTransactionStaysOnTheAccountItIsBookedOn() {
        assertDoesNotThrow(() -> LedgerRules.staysOnItsAccount("acme", EUR_ON_ACC_1, "acc_1"));
    }

    @Test
    void anUpdateNamingAnotherAccountIsAnAccountMismatch() {
        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class,
                () -> LedgerRules.staysOnItsAccount("acme", EUR_ON_ACC_1, "acc_2"));

        assertEquals("AccountMismatch", violation.rule());
        assertEquals("transaction tx_1 in ledger acme is booked on account acc_2, the event names acc_1", violation.getMessage());
    }

    @Test
    void anAccountWithoutCurrencyTakesTransactionsInAnyCurrency() {
        assertDoesNotThrow(() -> LedgerRules.matchesAccountCurrency("acme", EUR_ON_ACC_1, null));
    }

    @Test
    void aTransactionInTheAccountsCurrencyPasses() {
        assertDoesNotThrow(() -> LedgerRules.matchesAccountCurrency("acme", EUR_ON_ACC_1, "EUR"));
    }

    @Test
    void aTransactionInAnotherCurrencyIsACurrencyMismatch() {
        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class,
                () -> LedgerRules.matchesAccountCurrency("acme", EUR_ON_ACC_1, "USD"));

        assertEquals("CurrencyMismatch", violation.rule());
        assertEquals("transaction tx_1 is in EUR, account acc_1 in ledger acme is in USD", violation.getMessage());
    }

    @Test
    void aTransactionUpdateMustPassEveryRule() {
        assertDoesNotThrow(() -> LedgerRules.checkTransaction("acme", EUR_ON_ACC_1, "EUR", "acc_1"));
        assertEquals("AccountMismatch", assertThrows(LedgerRuleViolation.class,
                () -> LedgerRules.checkTransaction("acme", EUR_ON_ACC_1, "EUR", "acc_2")).rule());
        assertEquals("CurrencyMismatch", assertThrows(LedgerRuleViolation.class,
                () -> LedgerRules.checkTransaction("acme", EUR_ON_ACC_1, "USD", "acc_1")).rule());
    }

    @Test
    void violationsNameNoAmountOrDescription() {
        LedgerRuleViolation violation = assertThrows(LedgerRuleViolation.class,
                () -> LedgerRules.checkTransaction("acme", EUR_ON_ACC_1, "USD", "acc_2"));

        assertTrue(!violation.getMessage().contains("5.00") && !violation.getMessage().contains("Coffee"), violation.getMessage());
    }
}
