package io.bulwark.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerNamesTest {

    @Test
    void aLedgerNameIsOneToSixtyFourOfLowerCaseLettersDigitsAndHyphens() {
        assertTrue(LedgerNames.isValid("a"));
        assertTrue(LedgerNames.isValid("pay-ops-2"));
        assertTrue(LedgerNames.isValid("x".repeat(64)));
        for (String bad : new String[] {null, "", "x".repeat(65), "Acme", "pay_ops", "a b", "acme/", "ä", "acme\n"}) {
            assertFalse(LedgerNames.isValid(bad), String.valueOf(bad));
        }
    }

    @Test
    void anEffectRefusesAnUnusableLedger() {
        AccountUpdate account = new AccountUpdate("acc_1", "active", null, "EUR", BigDecimal.ONE, OffsetDateTime.now());

        assertEquals("pay-ops", LedgerEffect.of("pay-ops", account).ledger());
        assertThrows(IllegalArgumentException.class, () -> LedgerEffect.of("pay_ops", account));
        assertThrows(IllegalArgumentException.class, () -> LedgerEffect.of(null, account));
        assertThrows(IllegalArgumentException.class, () -> LedgerEffect.of("acme", List.of()));
    }
}
