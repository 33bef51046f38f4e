package io.bulwark.database;

/**
 * Something the database monitor noticed that an operator should hear about, published as a CDI event so
 * that the alert package, which this package must not depend on, can raise it.
 *
 * @param kind   what was noticed
 * @param detail a sentence for the alert: operation names and SQLStates, never data
 */
public record DatabaseIssue(Kind kind, String detail) {

    /** What the monitor noticed. */
    public enum Kind {
        /** PostgreSQL refused a statement because of a server-side prepared statement (26000, 42P05, 08P01). */
        PREPARED_STATEMENT_CONFLICT,
        /** The share of failed operations jumped. */
        ERROR_RATE_SPIKE,
        /** An operation's p95 stayed over its threshold for a whole window. */
        SLOW_OPERATION
    }
}
