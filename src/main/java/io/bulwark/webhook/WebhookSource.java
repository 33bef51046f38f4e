package io.bulwark.webhook;

import io.bulwark.webhook.intake.IngestionBudget;
import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SignatureVerifier;
import io.bulwark.webhook.signature.SigningKeys;

/**
 * A configured sender of webhooks.
 *
 * @param name     its canonical name ({@link SourceName}), as in stored events and metrics
 * @param verifier how its deliveries are signed, made from its settings
 * @param keys     the keys its deliveries may be signed with, decoded from its secret;
 *                 {@link SigningKeys#NONE} for {@link SignatureScheme#NONE}
 * @param ledger   the ledger its events are applied to: its own name unless configured to share one
 * @param mapping  how its deliveries are read for the ledger
 */
public record WebhookSource(String name, SignatureVerifier verifier, SigningKeys keys, String ledger, SourceMapping mapping) {

    public SignatureScheme scheme() {
        return verifier.scheme();
    }

    /**
     * Whether its deliveries are also identified by their raw body, because its signature covers the body but not
     * the delivery id ({@link SignatureVerifier#identifiesByBody}).
     */
    public boolean identifiesByBody() {
        return verifier.identifiesByBody();
    }

    /** The heap a delivery of this source holds per body byte while it is read ({@link IngestionBudget}). */
    public int heapPerBodyByte() {
        return mapping instanceof SourceMapping.Scripted ? IngestionBudget.COST_PER_BODY_BYTE_AS_TREE : IngestionBudget.COST_PER_BODY_BYTE;
    }

    @Override
    public String toString() {
        return "WebhookSource[name=" + name + ", scheme=" + scheme() + ", ledger=" + ledger + ", mapping=" + mapping.name() + "]";
    }
}
