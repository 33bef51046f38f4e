package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The settings of a webhook source, and the names they are configured under. */
enum SourceSetting {
    SECRET("secret", null),
    SCHEME("scheme", null),
    LEDGER("ledger", null),
    MAPPING("mapping", null),
    HMAC_HEADER("hmac.header", SignatureScheme.HMAC),
    HMAC_ALGORITHM("hmac.algorithm", SignatureScheme.HMAC),
    HMAC_ENCODING("hmac.encoding", SignatureScheme.HMAC),
    HMAC_PREFIX("hmac.prefix", SignatureScheme.HMAC),
    HMAC_TIMESTAMP_HEADER("hmac.timestamp-header", SignatureScheme.HMAC),
    HMAC_ID_HEADER("hmac.id-header", SignatureScheme.HMAC);

    private static final Pattern WORD_SEPARATOR = Pattern.compile("[._-]");

    private final String path;
    private final SignatureScheme readOnlyFor;

    SourceSetting(String path, SignatureScheme readOnlyFor) {
        this.path = path;
        this.readOnlyFor = readOnlyFor;
    }

    /** The MicroProfile Config key the setting is read under for the source spelled that way (in lower case). */
    String key(String name) {
        return "webhook.sources." + name + "." + path;
    }

    /** The environment variable an operator sets it with, as MicroProfile Config maps {@link #key}. */
    String environmentVariable(String name) {
        return key(name).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The one scheme whose sources read the setting; empty when every source does. */
    Optional<SignatureScheme> onlyFor() {
        return Optional.ofNullable(readOnlyFor);
    }

    /**
     * A regular expression for the setting's part of a property name, words separated by any of {@code . _ -}: an
     * environment variable writes {@code _} for each, and a property written with the wrong one is still found, so
     * that it can be reported as never read.
     */
    String pattern() {
        return WORD_SEPARATOR.splitAsStream(path).map(Pattern::quote).reduce((left, right) -> left + "[._-]" + right).orElseThrow();
    }

    /** The setting whose part of a property name that is, as {@link #pattern} matched it. */
    static SourceSetting named(String matched) {
        return valueOf(WORD_SEPARATOR.matcher(matched).replaceAll("_").toUpperCase(Locale.ROOT));
    }
}
