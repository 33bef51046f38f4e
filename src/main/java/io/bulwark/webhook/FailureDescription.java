package io.bulwark.webhook;

import io.bulwark.database.SqlFailures;
import io.bulwark.ledger.LedgerRuleViolation;

/**
 * How a processing failure is recorded: a short class for alerts (never payload data) and a longer error
 * for the event's {@code last_error}, which only admins read and which never holds SQL or driver messages.
 *
 * @param errorClass for the alert: a ledger rule name or an exception class with SQLState
 * @param lastError  for the stored event
 */
record FailureDescription(String errorClass, String lastError) {

    private static final int MAX_ERROR_LENGTH = 1000;

    static FailureDescription of(Throwable failure) {
        if (failure instanceof LedgerRuleViolation violation) {
            return new FailureDescription(violation.rule(), truncate(violation.rule() + ": " + violation.getMessage()));
        }
        String described = SqlFailures.describe(failure);
        return new FailureDescription(described, described);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
