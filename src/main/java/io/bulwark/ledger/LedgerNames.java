package io.bulwark.ledger;

import java.util.regex.Pattern;

/**
 * Names of ledgers: the namespaces that accounts and transactions live in, so that one source's events
 * can never change another source's accounts. A name is 1 to 64 of {@code a-z}, {@code 0-9} and {@code -}.
 */
public final class LedgerNames {

    /** The rule as a regular expression, for Bean Validation of request parameters. */
    public static final String RULE = "[a-z0-9-]{1,64}";

    /** The rule in words, for answers to clients. */
    public static final String RULE_DESCRIPTION = "must be 1 to 64 characters a-z, 0-9 or -";

    private static final Pattern NAME = Pattern.compile(RULE);

    private LedgerNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
