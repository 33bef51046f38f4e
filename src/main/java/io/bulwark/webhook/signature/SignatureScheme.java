package io.bulwark.webhook.signature;

import java.util.Locale;

/** How a source signs its deliveries (CONTRACT section 4). */
public enum SignatureScheme {
    /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature; secret {@code whsec_<base64>}. */
    STANDARD(false),
    /** Stripe-Signature: {@code t=<ts>,v1=<hex>}; delivery id from the body's {@code id}. */
    STRIPE(false),
    /**
     * X-Hub-Signature-256: {@code sha256=<hex>}; delivery id from X-GitHub-Delivery, which the signature does not
     * cover, and no timestamp: a captured body could be sent again under a new id forever.
     */
    GITHUB(true),
    /**
     * No signature; only when configured explicitly. Its body can be changed at will, so recognising a body
     * again would stop nobody.
     */
    NONE(false);

    private final boolean identifiesByBody;

    SignatureScheme(boolean identifiesByBody) {
        this.identifiesByBody = identifiesByBody;
    }

    /**
     * Whether a delivery is also identified by its raw body, because the signature covers the body but not the
     * delivery id: the same signed body under another id is the same delivery.
     */
    public boolean identifiesByBody() {
        return identifiesByBody;
    }

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
