package io.bulwark.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stripe: {@code Stripe-Signature: t=<ts>,v1=<hex>[,v1=<hex>...]} over {@code {t}.{body}}, keyed with the
 * secret's UTF-8 bytes as they are (Stripe does not decode its {@code whsec_} secrets). Any {@code v1} that
 * matches under any of the source's keys is accepted; other schemes such as {@code v0} are ignored. The delivery
 * id comes from the body.
 */
public class StripeSignatureVerifier implements SignatureVerifier {

    static final String SIGNATURE = "Stripe-Signature";

    @Override
    public SignatureScheme scheme() {
        return SignatureScheme.STRIPE;
    }

    /** No: the delivery id is the body's own {@code id}, which the signature covers. */
    @Override
    public boolean identifiesByBody() {
        return false;
    }

    @Override
    public Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance) {
        Header header = Header.parse(SignatureHeaders.required(request, SIGNATURE));
        SignedTimestamp.check(header.timestamp(), SIGNATURE, now, tolerance);

        byte[] signed = (header.timestamp() + ".").getBytes(StandardCharsets.UTF_8);
        if (!keys.signedAny(key -> HmacAlgorithm.SHA256.compute(key, signed, request.body()), header.signatures())) {
            throw new SignatureException("signature does not match");
        }
        return Optional.empty();
    }

    private record Header(String timestamp, List<byte[]> signatures) {

        static Header parse(String value) {
            String timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String item : value.split(",")) {
                int equals = item.indexOf('=');
                String name = equals < 0 ? item : item.substring(0, equals);
                String content = equals < 0 ? "" : item.substring(equals + 1);
                if (name.equals("t")) {
                    if (timestamp != null) {
                        throw new SignatureException(SIGNATURE + " header has more than one timestamp");
                    }
                    timestamp = content;
                } else if (name.equals("v1")) {
                    signatures.add(SignatureEncoding.HEX.decode(content, HmacAlgorithm.SHA256.length())
                            .orElseThrow(() -> new SignatureException(SIGNATURE + " header is malformed")));
                }
            }
            if (timestamp == null) {
                throw new SignatureException(SIGNATURE + " header has no timestamp");
            }
            if (signatures.isEmpty()) {
                throw new SignatureException(SIGNATURE + " header has no v1 signature");
            }
            return new Header(timestamp, signatures);
        }
    }
}
