package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A source's settings as configured, before they are checked: each null when it is not set.
 *
 * @param scheme its scheme as written
 * @param secret its secret as written; never printed
 */
record SourceSettings(String scheme, String secret) {

    /** The settings of the source of that (lower-case) name, read under {@link SourceSetting#key}. */
    static SourceSettings read(String name, Function<String, Optional<String>> config) {
        return new SourceSettings(config.apply(SourceSetting.SCHEME.key(name)).orElse(null),
                config.apply(SourceSetting.SECRET.key(name)).orElse(null));
    }

    /**
     * What these settings make of a source: its scheme and keys, or empty when they make none, which is when no
     * secret is set and the scheme is not {@code none}. An unset scheme is {@code standard}; a secret set for an
     * unsigned source is not used.
     *
     * @throws Invalid naming the setting that cannot be used
     */
    Optional<Signing> signing() {
        SignatureScheme parsed = scheme == null ? SignatureScheme.STANDARD : SignatureScheme.parse(scheme);
        if (parsed == null) {
            throw new Invalid(SourceSetting.SCHEME, "is not a known scheme (" + knownSchemes() + ")");
        }
        if (parsed != SignatureScheme.NONE && secret == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Signing(parsed, SigningKeys.of(parsed, secret)));
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
        return "SourceSettings[scheme=" + scheme + ", secret=" + (secret == null ? "unset" : "set") + "]";
    }

    /** How a source's deliveries are verified. */
    record Signing(SignatureScheme scheme, SigningKeys keys) {
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
