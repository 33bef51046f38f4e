package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;

/**
 * A configured sender of webhooks.
 *
 * @param name   its canonical name ({@link SourceName}), as in stored events and metrics
 * @param scheme how its deliveries are signed
 * @param keys   the keys its deliveries may be signed with, decoded from its secret;
 *               {@link SigningKeys#NONE} for {@link SignatureScheme#NONE}
 * @param ledger the ledger its events are applied to: its own name unless configured to share one
 */
public record WebhookSource(String name, SignatureScheme scheme, SigningKeys keys, String ledger) {

    @Override
    public String toString() {
        return "WebhookSource[name=" + name + ", scheme=" + scheme + ", ledger=" + ledger + "]";
    }
}
