package io.bulwark.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A generic HMAC, in the header, algorithm and encoding the source is configured with ({@link HmacFormat}): the MAC
 * of the body, or of {@code {timestamp}.{body}} when the source names a timestamp header, keyed with a secret's
 * UTF-8 bytes (any of the source's keys). Shopify's {@code X-Shopify-Hmac-Sha256} (base64 of an HMAC-SHA256 of the
 * body) is one such format. The header holds one MAC; a repeated or malformed one is refused.
 */
public class HmacSignatureVerifier implements SignatureVerifier {

    private final HmacFormat format;

    public HmacSignatureVerifier(HmacFormat format) {
        this.format = format;
    }

    @Override
    public SignatureScheme scheme() {
        return SignatureScheme.HMAC;
    }

    /**
     * When the delivery id comes from a header: the MAC never covers that header, so a captured body could
     * otherwise be sent again under a new id (forever, without a timestamp header).
     */
    @Override
    public boolean identifiesByBody() {
        return format.idHeader().isPresent();
    }

    @Override
    public Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance) {
        String header = SignatureHeaders.required(request, format.header());
        Optional<String> deliveryId = format.idHeader().map(name -> SignatureHeaders.required(request, name));
        byte[] mac = Optional.of(header)
                .filter(value -> value.startsWith(format.prefix()))
                .flatMap(value -> format.encoding().decode(value.substring(format.prefix().length()), format.algorithm().length()))
                .orElseThrow(() -> new SignatureException(format.header() + " header is malformed"));
        byte[] signed = signedBeforeTheBody(request, now, tolerance);

        if (!keys.signedAny(key -> format.algorithm().compute(key, signed, request.body()), List.of(mac))) {
            throw new SignatureException("signature does not match");
        }
        return deliveryId;
    }

    /** {@code {timestamp}.} when the source signs a timestamp, once it is found within the tolerance; else nothing. */
    private byte[] signedBeforeTheBody(SignedRequest request, Instant now, Duration tolerance) {
        if (format.timestampHeader().isEmpty()) {
            return new byte[0];
        }
        String name = format.timestampHeader().get();
        String timestamp = SignatureHeaders.required(request, name);
        SignedTimestamp.check(timestamp, name, now, tolerance);
        return (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }
}
