package io.bulwark.webhook.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex>} over the body alone, keyed with the secret's UTF-8 bytes
 * (any of the source's keys). GitHub signs no timestamp, so the tolerance does not apply and a captured delivery stays valid; the
 * deduplication on {@code X-GitHub-Delivery}, which is required and returned as the delivery id, is what keeps
 * a replay from being applied twice.
 */
public class GithubSignatureVerifier implements SignatureVerifier {

    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String DELIVERY = "X-GitHub-Delivery";

    private static final String PREFIX = "sha256=";

    @Override
    public SignatureScheme scheme() {
        return SignatureScheme.GITHUB;
    }

    /**
     * Yes: the signature covers the body but not X-GitHub-Delivery, and no timestamp bounds it, so a captured body
     * could otherwise be sent again under a new id forever.
     */
    @Override
    public boolean identifiesByBody() {
        return true;
    }

    @Override
    public Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance) {
        String header = SignatureHeaders.required(request, SIGNATURE);
        String delivery = SignatureHeaders.required(request, DELIVERY);
        byte[] signature = Optional.of(header)
                .filter(value -> value.startsWith(PREFIX))
                .flatMap(value -> SignatureEncoding.HEX.decode(value.substring(PREFIX.length()), HmacAlgorithm.SHA256.length()))
                .orElseThrow(() -> new SignatureException(SIGNATURE + " header is malformed"));

        if (!keys.signedAny(key -> HmacAlgorithm.SHA256.compute(key, request.body()), List.of(signature))) {
            throw new SignatureException("signature does not match");
        }
        return Optional.of(delivery);
    }
}
