package io.bulwark.tools.signing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, keyed with the secret's bytes;
 * the delivery id in {@code X-GitHub-Delivery}.
 */
public final class GithubSigner implements DeliverySigner {

    private final byte[] key;

    public GithubSigner(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> headers(String deliveryId, long timestamp, byte[] body) {
        return Map.of("X-GitHub-Delivery", deliveryId,
                "X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(Hmac.sha256(key, "", body)));
    }
}
