package io.bulwark.webhook.signature;

import java.util.Locale;

/** How a source signs its deliveries (docs/sources-and-signatures.md). */
public enum SignatureScheme {
    /**
     * Standard Webhooks, also under Svix's header names: webhook-id, webhook-timestamp, webhook-signature; secrets
     * {@code whsec_<base64>} and public keys {@code whpk_<base64>}.
     */
    STANDARD,
    /** Stripe-Signature: {@code t=<ts>,v1=<hex>}; delivery id from the body's {@code id}. */
    STRIPE,
    /** X-Hub-Signature-256: {@code sha256=<hex>}; delivery id from X-GitHub-Delivery. */
    GITHUB,
    /** An HMAC of the body, and optionally of a timestamp, in a header of the source's choosing. */
    HMAC,
    /** No signature; only when configured explicitly. */
    NONE;

    /** Parses a configured scheme name, case-insensitively; null for an unknown name. */
    public static SignatureScheme parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
