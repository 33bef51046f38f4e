package io.bulwark.webhook.mapping;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts in a currency's minor units as exact decimal strings: providers such as Stripe send 2000 for 20.00 EUR
 * and 500 for 500 JPY, so the number of decimals is the currency's, never a fixed 2. Mappings call it as
 * {@code $fromMinorUnits(amount, currency)}.
 */
final class MinorUnits {

    private MinorUnits() {
    }

    /**
     * @param amount   an integer number of minor units, as a JSON number or a string of digits
     * @param currency an ISO 4217 code in any letter case
     * @return the amount in major units at the currency's scale, such as {@code "20.00"} or {@code "-500"}
     * @throws IllegalArgumentException for an amount that is not a whole number or an unknown currency
     */
    static String toDecimal(Object amount, Object currency) {
        if (!(currency instanceof String code)) {
            throw new IllegalArgumentException("$fromMinorUnits needs a currency code as its second argument");
        }
        Currency known;
        try {
            known = Currency.getInstance(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$fromMinorUnits does not know the currency given");
        }
        BigDecimal minor = wholeNumber(amount);
        // Funds and metals (XAU, XDR) have no minor unit at all; they are counted in whole units.
        int exponent = Math.max(known.getDefaultFractionDigits(), 0);
        return minor.movePointLeft(exponent).setScale(exponent).toPlainString();
    }

    private static BigDecimal wholeNumber(Object amount) {
        BigDecimal value;
        try {
            value = amount instanceof Number number ? new BigDecimal(number.toString())
                    : amount instanceof String text ? new BigDecimal(text) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("$fromMinorUnits needs a whole number of minor units as its first argument");
        }
        return value.setScale(0);
    }
}
