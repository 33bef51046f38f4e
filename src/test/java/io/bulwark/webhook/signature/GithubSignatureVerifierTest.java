package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GithubSignatureVerifierTest {

    // GitHub's documented example ("Validating webhook deliveries").
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(UTF_8);
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final GithubSignatureVerifier verifier = new GithubSignatureVerifier();

    @Test
    void acceptsTheDocumentedExampleAndReturnsTheDeliveryId() {
        assertEquals(Optional.of(DELIVERY), verify(request(BODY, SIGNATURE)));
    }

    @Test
    void appliesNoToleranceBecauseNothingIsTimestamped() {
        assertEquals(Optional.of(DELIVERY),
                verifier.verify(request(BODY, SIGNATURE), keys(SECRET), Instant.EPOCH, Duration.ZERO));
    }

    @Test
    void verifiesTheRawBytesOfABodyThatIsNotUtf8() {
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '(', '}'};
        byte[] mac = ReferenceHmac.sign(SECRET.getBytes(UTF_8), new byte[0], body);
        String signature = "sha256=" + HexFormat.of().formatHex(mac);

        assertEquals(Optional.of(DELIVERY), verify(request(body, signature)));
    }

    @Test
    void rejectsATamperedBody() {
        SignedRequest tampered = request("Hello, World?".getBytes(UTF_8), SIGNATURE);

        assertEquals("signature does not match", rejected(tampered).detail());
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request(BODY, SIGNATURE), keys("It's a secret to everybody"), NOW, TOLERANCE));

        assertEquals("signature does not match", rejected.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea0eb2509fc211221cce984b8a", "sha256="})
    void rejectsAMalformedSignatureHeader(String signature) {
        assertEquals("X-Hub-Signature-256 header is malformed", rejected(request(BODY, signature)).detail());
    }

    @Test
    void rejectsAMissingSignatureHeader() {
        SignedRequest request = TestRequests.of(BODY, "X-GitHub-Delivery", DELIVERY);

        assertEquals("missing X-Hub-Signature-256 header", rejected(request).detail());
    }

    @Test
    void rejectsASignatureHeaderGivenTwice() {
        SignedRequest request = TestRequests.of(BODY, "X-Hub-Signature-256", "sha256=00",
                "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", DELIVERY);

        assertEquals("X-Hub-Signature-256 header given more than once", rejected(request).detail());
    }

    @Test
    void requiresTheDeliveryIdEvenWhenTheSignatureMatches() {
        SignedRequest request = TestRequests.of(BODY, "X-Hub-Signature-256", SIGNATURE);

        assertEquals("missing X-GitHub-Delivery header", rejected(request).detail());
    }

    @Test
    void rejectsADeliveryIdGivenTwice() {
        SignedRequest request = TestRequests.of(BODY, "X-Hub-Signature-256", SIGNATURE,
                "X-GitHub-Delivery", DELIVERY, "x-github-delivery", "another");

        assertEquals("X-GitHub-Delivery header given more than once", rejected(request).detail());
    }

    @Test
    void rejectsABlankDeliveryId() {
        SignedRequest request = TestRequests.of(BODY, "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", " ");

        assertEquals("empty X-GitHub-Delivery header", rejected(request).detail());
    }

    @Test
    void treatsAMissingSecretAsAConfigurationError() {
        SignedRequest request = request(BODY, SIGNATURE);

        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys(null), NOW, TOLERANCE));
        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys(" "), NOW, TOLERANCE));
    }

    @Test
    void acceptsADeliverySignedWithAnyOfTheSecretsOfARotation() {
        String signature = "sha256=" + HexFormat.of().formatHex(ReferenceHmac.sign("gh-old-secret".getBytes(UTF_8), new byte[0], BODY));

        assertEquals(Optional.of(DELIVERY),
                verifier.verify(request(BODY, signature), keys("gh-new-secret gh-old-secret"), NOW, TOLERANCE));
        assertEquals(Optional.of(DELIVERY),
                verifier.verify(request(BODY, signature), keys("gh-old-secret\tgh-new-secret"), NOW, TOLERANCE));
    }

    @Test
    void rejectsADeliverySignedWithNoneOfTheSecretsOfARotation() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request(BODY, SIGNATURE), keys("gh-new-secret gh-old-secret"), NOW, TOLERANCE));

        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void takesASecretHoldingSpacesWholeAsWellAsInParts() {
        String signature = "sha256=" + HexFormat.of().formatHex(ReferenceHmac.sign("Secret".getBytes(UTF_8), new byte[0], BODY));

        assertEquals(Optional.of(DELIVERY), verify(request(BODY, SIGNATURE)));
        assertEquals(Optional.of(DELIVERY), verify(request(BODY, signature)));
    }

    private Optional<String> verify(SignedRequest request) {
        return verifier.verify(request, keys(SECRET), NOW, TOLERANCE);
    }

    private SignatureException rejected(SignedRequest request) {
        return assertThrows(SignatureException.class, () -> verify(request));
    }

    private static SignedRequest request(byte[] body, String signature) {
        return TestRequests.of(body, "X-Hub-Signature-256", signature, "X-GitHub-Delivery", DELIVERY);
    }

    private static SigningKeys keys(String secret) {
        return SigningKeys.of(SignatureScheme.GITHUB, secret);
    }
}
