package io.bulwark.ledger;

/**
 * An event that is well-formed but cannot be applied to the ledger as it stands, such as a transaction
 * that names another account than the one it is booked on. Permanent: retrying the same event against the
 * same state fails the same way; it may succeed on replay after newer events changed the state.
 */
public class LedgerRuleViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public LedgerRuleViolation(String rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    /** A short stable name of the broken rule, such as {@code CurrencyMismatch}; safe for alerts. */
    public String rule() {
        return rule;
    }
}
