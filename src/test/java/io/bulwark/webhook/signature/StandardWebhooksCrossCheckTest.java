package io.bulwark.webhook.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.bulwark.testing.ProviderPayload;
import io.bulwark.testing.ProviderPayload.Provider;
import io.bulwark.testing.ProviderPayloads;
import io.bulwark.testing.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specification's example payload, signed by the tests, verifies with the Standard Webhooks reference library,
 * and signed by that library, verifies with the server's verifier.
 */
class StandardWebhooksCrossCheckTest {

    // The test secret published with the reference libraries; the message id of the specification's example.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();

    static Stream<ProviderPayload> standardPayloads() {
        return ProviderPayloads.of(Provider.STANDARD).stream();
    }

    @ParameterizedTest
    @MethodSource("standardPayloads")
    void theTestSignerMakesTheReferenceLibrarysSignature(ProviderPayload payload) throws Exception {
        long timestamp = 1_674_087_231L;

        assertEquals(new Webhook(SECRET).sign(ID, timestamp, payload.text()),
                Signer.standard(SECRET, ID, timestamp, payload.body()));
    }

    @ParameterizedTest
    @MethodSource("standardPayloads")
    void theReferenceLibraryAcceptsThePayloadAsTheTestsSignIt(ProviderPayload payload) throws Exception {
        // The library checks the timestamp against its own clock.
        long now = Instant.now().getEpochSecond();

        new Webhook(SECRET).verify(payload.text(), headers(now, Signer.standard(SECRET, ID, now, payload.body())));
    }

    @ParameterizedTest
    @MethodSource("standardPayloads")
    void theVerifierAcceptsThePayloadAsTheReferenceLibrarySignsIt(ProviderPayload payload) throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(SECRET).sign(ID, now, payload.text());

        assertEquals(Optional.of(ID),
                verifier.verify(request(payload.body(), now, signature), keys(), Instant.ofEpochSecond(now), TOLERANCE));
    }

    @ParameterizedTest
    @MethodSource("standardPayloads")
    void neitherAcceptsWhatTheReferenceLibrarySignedOnceOneCharacterChanges(ProviderPayload payload) throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(SECRET).sign(ID, now, payload.text());
        byte[] tampered = TamperedBodies.lastStringChanged(payload.body());

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request(tampered, now, signature), keys(), Instant.ofEpochSecond(now), TOLERANCE));
        assertEquals("signature does not match", rejected.detail());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(SECRET)
                .verify(new String(tampered, StandardCharsets.UTF_8), headers(now, signature)));
    }

    private static SignedRequest request(byte[] body, long timestamp, String signature) {
        return TestRequests.of(headers(timestamp, signature), body);
    }

    private static Map<String, List<String>> headers(long timestamp, String signature) {
        return Map.of("webhook-id", List.of(ID),
                "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }

    private static SigningKeys keys() {
        return SigningKeys.of(SignatureScheme.STANDARD, SECRET);
    }
}
