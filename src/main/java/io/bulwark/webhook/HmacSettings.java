package io.bulwark.webhook;

import io.bulwark.webhook.signature.HmacAlgorithm;
import io.bulwark.webhook.signature.HmacFormat;
import io.bulwark.webhook.signature.SignatureEncoding;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code hmac.*} settings of a source of the {@code hmac} scheme into the format its verifier checks.
 * The signature header is required; the algorithm is {@code sha256} and the encoding {@code hex} unless set; the
 * prefix, the timestamp header and the id header are optional.
 */
final class HmacSettings {

    // A field name (RFC 9110, section 5.1): a token.
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    // Printable ASCII without the space: a header value is read with its surrounding spaces stripped.
    private static final Pattern PREFIX = Pattern.compile("[!-~]+");

    private HmacSettings() {
    }

    /**
     * The format these settings of the source of that name give.
     *
     * @throws SourceSettings.Invalid naming the setting that is missing or cannot be used
     */
    static HmacFormat format(SourceSettings settings, String name) {
        String header = header(settings, SourceSetting.HMAC_HEADER).orElseThrow(() -> new SourceSettings.Invalid(
                SourceSetting.HMAC_HEADER, "is required by the hmac scheme: it names the header that carries the signature"));
        HmacAlgorithm algorithm = settings.value(SourceSetting.HMAC_ALGORITHM)
                .map(value -> HmacAlgorithm.parse(value).orElseThrow(() -> new SourceSettings.Invalid(
                        SourceSetting.HMAC_ALGORITHM, "is not a known HMAC algorithm (" + HmacAlgorithm.names() + ")")))
                .orElse(HmacAlgorithm.SHA256);
        SignatureEncoding encoding = settings.value(SourceSetting.HMAC_ENCODING)
                .map(value -> SignatureEncoding.parse(value).orElseThrow(() -> new SourceSettings.Invalid(
                        SourceSetting.HMAC_ENCODING, "is not a known encoding (" + SignatureEncoding.names() + ")")))
                .orElse(SignatureEncoding.HEX);
        String prefix = settings.value(SourceSetting.HMAC_PREFIX).map(String::strip).orElse("");
        if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
            throw new SourceSettings.Invalid(SourceSetting.HMAC_PREFIX,
                    "cannot begin a header value: a prefix is printable ASCII without spaces");
        }
        Optional<String> timestampHeader = header(settings, SourceSetting.HMAC_TIMESTAMP_HEADER);
        Optional<String> idHeader = header(settings, SourceSetting.HMAC_ID_HEADER);
        distinct(SourceSetting.HMAC_TIMESTAMP_HEADER, timestampHeader, SourceSetting.HMAC_HEADER, Optional.of(header), name);
        distinct(SourceSetting.HMAC_ID_HEADER, idHeader, SourceSetting.HMAC_HEADER, Optional.of(header), name);
        distinct(SourceSetting.HMAC_ID_HEADER, idHeader, SourceSetting.HMAC_TIMESTAMP_HEADER, timestampHeader, name);
        return new HmacFormat(header, algorithm, encoding, prefix, timestampHeader, idHeader);
    }

    private static Optional<String> header(SourceSettings settings, SourceSetting setting) {
        return settings.value(setting).map(String::strip).map(value -> {
            if (!HEADER_NAME.matcher(value).matches()) {
                throw new SourceSettings.Invalid(setting, "is not a header name: a header name is letters, digits and !#$%&'*+-.^_`|~");
            }
            return value;
        });
    }

    /** Two settings naming one header would read one value as two things, such as a signature as a delivery id. */
    private static void distinct(SourceSetting setting, Optional<String> header, SourceSetting other, Optional<String> otherHeader,
                                 String name) {
        if (header.isPresent() && otherHeader.isPresent() && header.get().equalsIgnoreCase(otherHeader.get())) {
            throw new SourceSettings.Invalid(setting, "names the same header as " + other.environmentVariable(name));
        }
    }
}
