package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;

/**
 * A configured sender of webhooks.
 *
 * @param name   lower-case source name as it appears in the URL and in stored events
 * @param scheme how its deliveries are signed
 * @param secret its signing secret; null for {@link SignatureScheme#NONE}
 */
public record WebhookSource(String name, SignatureScheme scheme, String secret) {

    @Override
    public String toString() {
        return "WebhookSource[name=" + name + ", scheme=" + scheme + "]";
    }
}
