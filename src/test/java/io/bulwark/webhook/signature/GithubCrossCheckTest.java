package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bulwark.testing.ProviderPayload;
import io.bulwark.testing.ProviderPayload.Provider;
import io.bulwark.testing.ProviderPayloads;
import io.bulwark.testing.Signer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GitHub's example payloads, signed as GitHub signs them, verify with the server's verifier as deliveries of
 * their event. GitHub publishes no verifying library to cross-check with, so the test signer is held to the
 * example GitHub documents instead.
 */
class GithubCrossCheckTest {

    // GitHub's documented example ("Validating webhook deliveries").
    private static final String DOCUMENTED_SECRET = "It's a Secret to Everybody";
    private static final String DOCUMENTED_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final String SECRET = "hook-secret-7f3a9c1e";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final GithubSignatureVerifier verifier = new GithubSignatureVerifier();

    static Stream<ProviderPayload> githubPayloads() {
        return ProviderPayloads.of(Provider.GITHUB).stream();
    }

    @Test
    void theTestSignerMakesGithubsDocumentedSignature() {
        assertEquals(DOCUMENTED_SIGNATURE, Signer.github(DOCUMENTED_SECRET, "Hello, World!".getBytes(UTF_8)));
    }

    @ParameterizedTest
    @MethodSource("githubPayloads")
    void verifiesThePayloadSignedAsGithubSignsItAndYieldsTheDeliveryId(ProviderPayload payload) {
        String delivery = deliveryId(payload);
        byte[] body = payload.body();

        assertEquals(Optional.of(delivery), verifier.verify(request(payload, body, Signer.github(SECRET, body)),
                keys(), NOW, TOLERANCE));
    }

    @ParameterizedTest
    @MethodSource("githubPayloads")
    void rejectsThePayloadOnceOneCharacterChanges(ProviderPayload payload) {
        String signature = Signer.github(SECRET, payload.body());
        byte[] tampered = TamperedBodies.lastStringChanged(payload.body());

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request(payload, tampered, signature), keys(), NOW, TOLERANCE));
        assertEquals("signature does not match", rejected.detail());
    }

    private static SignedRequest request(ProviderPayload payload, byte[] body, String signature) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        payload.eventHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put("X-Hub-Signature-256", List.of(signature));
        headers.put("X-GitHub-Delivery", List.of(deliveryId(payload)));
        return TestRequests.of(headers, body);
    }

    private static String deliveryId(ProviderPayload payload) {
        return UUID.nameUUIDFromBytes(payload.name().getBytes(UTF_8)).toString();
    }

    private static SigningKeys keys() {
        return SigningKeys.of(SignatureScheme.GITHUB, SECRET);
    }
}
