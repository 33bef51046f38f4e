package io.bulwark.webhook;

import io.bulwark.webhook.mapping.MappingException;
import io.bulwark.webhook.signature.GithubSignatureVerifier;
import io.bulwark.webhook.signature.HmacSignatureVerifier;
import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SignatureVerifier;
import io.bulwark.webhook.signature.SigningKeys;
import io.bulwark.webhook.signature.StandardWebhooksVerifier;
import io.bulwark.webhook.signature.StripeSignatureVerifier;
import io.bulwark.webhook.signature.UnsignedVerifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A source's settings as configured, before they are checked.
 *
 * @param values each setting that is set, as written; the secret is never printed
 */
record SourceSettings(Map<SourceSetting, String> values) {

    SourceSettings {
        Map<SourceSetting, String> copy = new EnumMap<>(SourceSetting.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * The settings of the source mentioned under these spellings, each read under {@link SourceSetting#key}; the
     * first spelling under which a setting is set gives it (the check makes sure no two differ).
     */
    static SourceSettings read(Collection<String> spellings, Function<String, Optional<String>> config) {
        Map<SourceSetting, String> values = new EnumMap<>(SourceSetting.class);
        for (SourceSetting setting : SourceSetting.values()) {
            spellings.stream().map(spelling -> config.apply(setting.key(spelling))).flatMap(Optional::stream).findFirst()
                    .ifPresent(value -> values.put(setting, value));
        }
        return new SourceSettings(values);
    }

    /** The setting as written, or empty when it is not set. */
    Optional<String> value(SourceSetting setting) {
        return Optional.ofNullable(values.get(setting));
    }

    /**
     * What these settings make of the source of that canonical name, or empty when they make none, which is when
     * no secret is set and the scheme is not {@code none}. An unset scheme is {@code standard}; a secret set for an
     * unsigned source is not used; an unset ledger is the source's own name; an unset mapping is its scheme's
     * ({@link SourceMapping#defaultFor}), loaded by {@code mappings}. A setting that only another scheme
     * reads is refused rather than ignored: whoever set it expects it to have an effect.
     *
     * @throws Invalid naming the setting that cannot be used
     */
    Optional<WebhookSource> source(String name, MappingLoader mappings) {
        Optional<String> configuredScheme = value(SourceSetting.SCHEME);
        SignatureScheme scheme = configuredScheme.isEmpty() ? SignatureScheme.STANDARD : SignatureScheme.parse(configuredScheme.get());
        if (scheme == null) {
            throw new Invalid(SourceSetting.SCHEME, "is not a known scheme (" + knownSchemes() + ")");
        }
        Optional<String> ledger = value(SourceSetting.LEDGER);
        String writes = ledger.isEmpty() ? name : SourceName.canonical(ledger.get().trim()).orElseThrow(() -> new Invalid(
                SourceSetting.LEDGER, "cannot name a ledger: a ledger name is " + SourceName.rule()));
        for (SourceSetting setting : values.keySet()) {
            Optional<SignatureScheme> readBy = setting.onlyFor();
            if (readBy.isPresent() && readBy.get() != scheme) {
                throw new Invalid(setting, "is read only by the " + lowerCase(readBy.get()) + " scheme, and this source's scheme is "
                        + lowerCase(scheme) + (configuredScheme.isEmpty() ? " (the default)" : ""));
            }
        }
        SignatureVerifier verifier = verifier(scheme, name);
        SourceMapping mapping;
        try {
            mapping = mappings.load(value(SourceSetting.MAPPING).map(String::strip).orElse(SourceMapping.defaultFor(scheme)));
        } catch (MappingException e) {
            throw new Invalid(SourceSetting.MAPPING, e.getMessage());
        }
        if (scheme != SignatureScheme.NONE && value(SourceSetting.SECRET).isEmpty()) {
            return Optional.empty();
        }
        try {
            SigningKeys keys = SigningKeys.of(scheme, value(SourceSetting.SECRET).orElse(null));
            return Optional.of(new WebhookSource(name, verifier, keys, writes, mapping));
        } catch (IllegalStateException e) {
            throw new Invalid(SourceSetting.SECRET, "cannot be used for the " + lowerCase(scheme) + " scheme: " + e.getMessage());
        }
    }

    private SignatureVerifier verifier(SignatureScheme scheme, String name) {
        return switch (scheme) {
            case STANDARD -> new StandardWebhooksVerifier();
            case STRIPE -> new StripeSignatureVerifier();
            case GITHUB -> new GithubSignatureVerifier();
            case HMAC -> new HmacSignatureVerifier(HmacSettings.format(this, name));
            case NONE -> new UnsignedVerifier();
        };
    }

    static String lowerCase(SignatureScheme scheme) {
        return scheme.name().toLowerCase(Locale.ROOT);
    }

    private static String knownSchemes() {
        return Arrays.stream(SignatureScheme.values()).map(SourceSettings::lowerCase).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return values.keySet().stream()
                .map(setting -> setting + "=" + (setting == SourceSetting.SECRET ? "set" : values.get(setting)))
                .collect(Collectors.joining(", ", "SourceSettings[", "]"));
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
