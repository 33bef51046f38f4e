package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;

/**
 * A configured sender of webhooks.
 *
 * @param name   lower-case source name as it appears in the URL and in stored events
 * @param scheme how its deliveries are signed
 * @param keys   the keys its deliveries may be signed with, decoded from its secret;
 *               {@link SigningKeys#NONE} for {@link SignatureScheme#NONE}
 */
public record WebhookSource(String name, SignatureScheme scheme, SigningKeys keys) {

    @Override
    public String toString() {
        return "WebhookSource[name=" + name + ", scheme=" + scheme + "]";
    }
}
