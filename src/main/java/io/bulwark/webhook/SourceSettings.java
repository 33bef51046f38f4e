package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A source's settings as configured, before they are checked: each null when it is not set.
 *
 * @param scheme its scheme as written
 * @param secret its secret as written; never printed
 * @param ledger the ledger it writes, as written
 */
record SourceSettings(String scheme, String secret, String ledger) {

    /**
     * The settings of the source mentioned under these spellings, each read under {@link SourceSetting#key}; the
     * first spelling under which a setting is set gives it (the check makes sure no two differ).
     */
    static SourceSettings read(Collection<String> spellings, Function<String, Optional<String>> config) {
        return new SourceSettings(value(SourceSetting.SCHEME, spellings, config), value(SourceSetting.SECRET, spellings, config),
                value(SourceSetting.LEDGER, spellings, config));
    }

    private static String value(SourceSetting setting, Collection<String> spellings, Function<String, Optional<String>> config) {
        return spellings.stream().map(spelling -> config.apply(setting.key(spelling))).flatMap(Optional::stream)
                .findFirst().orElse(null);
    }

    /**
     * What these settings make of the source of that canonical name, or empty when they make none, which is when
     * no secret is set and the scheme is not {@code none}. An unset scheme is {@code standard}; a secret set for an
     * unsigned source is not used; an unset ledger is the source's own name.
     *
     * @throws Invalid naming the setting that cannot be used
     */
    Optional<WebhookSource> source(String name) {
        SignatureScheme parsed = scheme == null ? SignatureScheme.STANDARD : SignatureScheme.parse(scheme);
        if (parsed == null) {
            throw new Invalid(SourceSetting.SCHEME, "is not a known scheme (" + knownSchemes() + ")");
        }
        String writes = ledger == null ? name : SourceName.canonical(ledger.trim()).orElseThrow(() -> new Invalid(
                SourceSetting.LEDGER, "cannot name a ledger: a ledger name is " + SourceName.rule()));
        if (parsed != SignatureScheme.NONE && secret == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WebhookSource(name, parsed, SigningKeys.of(parsed, secret), writes));
        } catch (IllegalStateException e) {
            throw new Invalid(SourceSetting.SECRET, "cannot be used for the " + lowerCase(parsed) + " scheme: " + e.getMessage());
        }
    }

    static String lowerCase(SignatureScheme scheme) {
        return scheme.name().toLowerCase(Locale.ROOT);
    }

    private static String knownSchemes() {
        return Arrays.stream(SignatureScheme.values()).map(SourceSettings::lowerCase).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "SourceSettings[scheme=" + scheme + ", secret=" + (secret == null ? "unset" : "set") + ", ledger=" + ledger + "]";
    }

    /** A setting that cannot be used; the message says why, never the setting's value. */
    static final class Invalid extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final SourceSetting setting;

        Invalid(SourceSetting setting, String reason) {
            super(reason);
            this.setting = setting;
        }

        SourceSetting setting() {
            return setting;
        }
    }
}
