package io.bulwark.webhook;

import io.bulwark.webhook.mapping.JsonataMapping;
import io.bulwark.webhook.signature.SignatureScheme;

/**
 * How a source's deliveries are read for the ledger ({@code WEBHOOK_SOURCES_<NAME>_MAPPING}): as Bulwark's own
 * canonical envelope, read in Java in the same pass that checks the body, or by a JSONata mapping from the
 * provider's native payload. Only the canonical mapping gives Bulwark's own types their meaning, so a provider's
 * {@code account.updated} is the provider's unless its source is configured to send canonical envelopes.
 */
sealed interface SourceMapping {

    String CANONICAL = "canonical";

    /** How the mapping is named in settings, logs and {@code lastError}. */
    String name();

    /** The mapping of a source that names none: the one shipped for its provider, else the canonical envelope. */
    static String defaultFor(SignatureScheme scheme) {
        return switch (scheme) {
            case STRIPE -> "stripe";
            case GITHUB -> "github";
            case STANDARD, HMAC, NONE -> CANONICAL;
        };
    }

    /** Bulwark's own envelope. */
    record Canonical() implements SourceMapping {

        @Override
        public String name() {
            return CANONICAL;
        }
    }

    /** A JSONata mapping from the provider's payload to the canonical envelope. */
    record Scripted(JsonataMapping mapping) implements SourceMapping {

        @Override
        public String name() {
            return mapping.name();
        }
    }
}
