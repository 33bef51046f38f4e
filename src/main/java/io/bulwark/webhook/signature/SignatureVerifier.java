package io.bulwark.webhook.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks one source's deliveries for the way that source signs them, over the raw body bytes, in constant time.
 * Each source has its own verifier, made once from its settings when the application starts.
 */
public interface SignatureVerifier {

    /** The scheme this verifier implements. */
    SignatureScheme scheme();

    /**
     * Whether a delivery is also identified by its raw body, because the signature covers the body but not the
     * delivery id: the same signed body under another id is the same delivery.
     */
    boolean identifiesByBody();

    /**
     * Verifies the request against the source's keys: it is accepted when signed with any one of them.
     *
     * @param request   headers and raw body
     * @param keys      the source's keys ({@link SigningKeys#NONE} for {@link SignatureScheme#NONE})
     * @param now       the current time, for timestamp tolerance
     * @param tolerance accepted clock skew of a signed timestamp, in both directions
     * @return the delivery id carried by the signature headers, or empty when this scheme takes it from
     *         the body ({@code id})
     * @throws SignatureException when the signature is missing, malformed, wrong or stale
     */
    Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance);
}
