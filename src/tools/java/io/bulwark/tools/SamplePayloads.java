package io.bulwark.tools;

import io.bulwark.tools.signing.SigningScheme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A body a source of each scheme accepts with its default mapping: a canonical {@code account.created} for
 * Standard Webhooks, hmac and none (each opens an account of its own, so the ledger does real work), and for
 * Stripe and GitHub an event of the provider's shape that their mappings store IGNORED. Each carries the
 * delivery id, so that no two bodies are alike.
 */
final class SamplePayloads {

    /** A body and the headers beside the signature that the provider sends with it. */
    record Payload(byte[] body, Map<String, String> headers) {
    }

    private SamplePayloads() {
    }

    static Payload of(SigningScheme scheme, String deliveryId, Instant now) {
        return switch (scheme) {
            case STRIPE -> json("{\"id\":\"" + deliveryId + "\",\"object\":\"event\",\"type\":\"bulwark.load_test\",\"created\":"
                    + now.getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"obj_" + deliveryId + "\",\"object\":\"load_test\"}}}",
                    Map.of());
            case GITHUB -> json("{\"zen\":\"Load test.\",\"hook_id\":1,\"delivery\":\"" + deliveryId + "\"}",
                    Map.of("X-GitHub-Event", "ping"));
            case STANDARD, HMAC, NONE -> json("{\"id\":\"" + deliveryId + "\",\"type\":\"account.created\",\"occurredAt\":\"" + now
                    + "\",\"data\":{\"account\":{\"id\":\"acc_" + deliveryId + "\",\"name\":\"Load test\",\"status\":\"active\","
                    + "\"currency\":\"EUR\",\"balance\":\"0.00\"}}}", Map.of());
        };
    }

    private static Payload json(String body, Map<String, String> headers) {
        return new Payload(body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
