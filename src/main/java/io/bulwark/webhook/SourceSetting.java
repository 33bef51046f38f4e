package io.bulwark.webhook;

import java.util.Locale;

/** The settings of a webhook source, and the names they are configured under. */
enum SourceSetting {
    SECRET,
    SCHEME,
    LEDGER;

    /** The MicroProfile Config key the setting is read under for the source spelled that way (in lower case). */
    String key(String name) {
        return "webhook.sources." + name + "." + name().toLowerCase(Locale.ROOT);
    }

    /** The environment variable an operator sets it with, as MicroProfile Config maps {@link #key}. */
    String environmentVariable(String name) {
        return key(name).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
