package io.bulwark.tools.send;

import java.util.Locale;

/**
 * The environment variables the server reads a source's settings from. The server maps its configuration key
 * {@code webhook.sources.<name>.<setting>} to a variable by upper-casing it and writing {@code _} for every other
 * character, so {@code pay-ops} and {@code pay_ops} both read {@code WEBHOOK_SOURCES_PAY_OPS_SECRET}.
 */
final class SourceVariables {

    private final String source;

    SourceVariables(String source) {
        this.source = source;
    }

    /** The variable of a setting such as {@code secret} or {@code hmac.timestamp-header}. */
    String of(String setting) {
        return ("webhook.sources." + source + "." + setting).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
