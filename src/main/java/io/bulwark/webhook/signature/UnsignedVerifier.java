package io.bulwark.webhook.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * For sources configured explicitly with no signature: accepts every delivery. The delivery id is a single
 * non-blank {@code webhook-id} header when there is one; otherwise it comes from the body.
 */
public class UnsignedVerifier implements SignatureVerifier {

    @Override
    public SignatureScheme scheme() {
        return SignatureScheme.NONE;
    }

    /** No: its body can be changed at will, so recognising a body again would stop nobody. */
    @Override
    public boolean identifiesByBody() {
        return false;
    }

    @Override
    public Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance) {
        return SignatureHeaders.single(request, StandardWebhooksVerifier.ID);
    }
}
