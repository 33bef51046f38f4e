package io.bulwark.webhook.signature;

import jakarta.enterprise.context.ApplicationScoped;
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
@ApplicationScoped
public class GithubSignatureVerifier implements SignatureVerifier {

    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String DELIVERY = "X-GitHub-Delivery";

    private static final String PREFIX = "sha256=";

    @Override
    public SignatureScheme scheme() {
        return SignatureScheme.GITHUB;
    }

    @Override
    public Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance) {
        String header = SignatureHeaders.required(request, SIGNATURE);
        String delivery = SignatureHeaders.required(request, DELIVERY);
        byte[] signature = Optional.of(header)
                .filter(value -> value.startsWith(PREFIX))
                .flatMap(value -> HmacSha256.fromHex(value.substring(PREFIX.length())))
                .orElseThrow(() -> new SignatureException(SIGNATURE + " header is malformed"));

        if (!keys.signedAny(key -> HmacSha256.compute(key, request.body()), List.of(signature))) {
            throw new SignatureException("signature does not match");
        }
        return Optional.of(delivery);
    }
}
