package io.bulwark.webhook.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MinorUnitsTest {

    @Test
    void convertsWithTheCurrencysOwnNumberOfDecimals() {
        assertEquals("20.00", MinorUnits.toDecimal(2000L, "eur"));
        assertEquals("500", MinorUnits.toDecimal(500, "jpy"));
        assertEquals("1.234", MinorUnits.toDecimal(1234, "BHD"));
        assertEquals("-0.05", MinorUnits.toDecimal(-5, "usd"));
        assertEquals("12345678901234567890.12", MinorUnits.toDecimal("1234567890123456789012", "EUR"));
        assertEquals("20.00", MinorUnits.toDecimal(2000.0, "eur"));
    }

    @Test
    void refusesAFractionOfAMinorUnitOrAnUnknownCurrency() {
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.toDecimal(20.5, "eur"));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.toDecimal("20 EUR", "eur"));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.toDecimal(2000, "xyz"));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.toDecimal(2000, null));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.toDecimal(true, "eur"));
    }
}
