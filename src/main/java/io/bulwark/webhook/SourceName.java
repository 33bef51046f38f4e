package io.bulwark.webhook;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the name of a source, or of a ledger, is written wherever Bulwark keeps it. MicroProfile Config maps a
 * property name to an environment variable by upper-casing it and replacing {@code -} and {@code .} with
 * {@code _}, so {@code pay-ops}, {@code pay_ops} and {@code PAY-OPS} all reach
 * {@code WEBHOOK_SOURCES_PAY_OPS_SECRET}. Each of those spellings is one source, named in its canonical form:
 * lower case, with {@code -} for {@code _}. Deduplication, metrics and the ledger all use that one form, so a
 * sender that changes the spelling of the URL changes nothing else.
 */
public final class SourceName {

    private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SourceName() {
    }

    /** The canonical form of a usable name; empty for a name that cannot name a source (1 to 64 letters, digits, '-' or '_'). */
    public static Optional<String> canonical(String spelling) {
        if (spelling == null || !USABLE.matcher(spelling).matches()) {
            return Optional.empty();
        }
        return Optional.of(spelling.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    static String rule() {
        return "1 to 64 letters, digits, '-' or '_'";
    }
}
