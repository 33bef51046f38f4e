package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardWebhooksVerifierTest {

    // The test vector published with the Standard Webhooks reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant SIGNED_AT = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String OTHER_SECRET =
            "whsec_" + Base64.getEncoder().encodeToString("a 32-byte key for interop tests!".getBytes(UTF_8));

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();

    @Test
    void acceptsThePublishedTestVectorAndReturnsTheWebhookId() {
        assertEquals(Optional.of(ID), verify(request(SIGNATURE), SIGNED_AT));
    }

    @Test
    void theReferenceLibraryProducesThePublishedTestVector() throws Exception {
        assertEquals(SIGNATURE, new Webhook(SECRET).sign(ID, SIGNED_AT.getEpochSecond(), PAYLOAD));
    }

    @Test
    void acceptsASecretConfiguredWithoutItsPrefix() {
        String unprefixed = SECRET.substring("whsec_".length());

        assertEquals(Optional.of(ID), verifier.verify(request(SIGNATURE), keys(unprefixed), SIGNED_AT, TOLERANCE));
    }

    @Test
    void acceptsWhatTheReferenceLibrarySigns() throws Exception {
        String payload = "{\"id\":\"evt_1\",\"name\":\"Café € ✓\"}";
        String signature = new Webhook(OTHER_SECRET).sign("msg_interop", 1_700_000_000L, payload);
        SignedRequest request = TestRequests.of(payload.getBytes(UTF_8),
                "webhook-id", "msg_interop", "webhook-timestamp", "1700000000", "webhook-signature", signature);

        assertEquals(Optional.of("msg_interop"),
                verifier.verify(request, keys(OTHER_SECRET), Instant.ofEpochSecond(1_700_000_000L), TOLERANCE));
    }

    @Test
    void rejectsWhatTheReferenceLibrarySignedOnceOneByteOfTheBodyChanges() throws Exception {
        String payload = "{\"id\":\"evt_1\",\"amount\":\"10.00\"}";
        String signature = new Webhook(OTHER_SECRET).sign("msg_interop", 1_700_000_000L, payload);
        byte[] body = payload.getBytes(UTF_8);
        body[body.length - 3] ^= 1;
        SignedRequest request = TestRequests.of(body,
                "webhook-id", "msg_interop", "webhook-timestamp", "1700000000", "webhook-signature", signature);

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request, keys(OTHER_SECRET), Instant.ofEpochSecond(1_700_000_000L), TOLERANCE));
        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void verifiesTheRawBytesOfABodyThatIsNotUtf8() {
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '(', '}'};
        byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
        byte[] mac = ReferenceHmac.sign(key, (ID + "." + TIMESTAMP + ".").getBytes(UTF_8), body);
        Map<String, List<String>> headers = headers("v1," + Base64.getEncoder().encodeToString(mac));

        assertEquals(Optional.of(ID), verify(TestRequests.of(headers, body), SIGNED_AT));
    }

    @Test
    void acceptsWhenALaterV1SignatureMatches() {
        String rotated = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + SIGNATURE;

        assertEquals(Optional.of(ID), verify(request(rotated), SIGNED_AT));
    }

    @Test
    void ignoresSignaturesOfOtherVersions() {
        String mixed = "v1a,not-an-ed25519-signature v2,@@@ " + SIGNATURE;

        assertEquals(Optional.of(ID), verify(request(mixed), SIGNED_AT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="})
    void rejectsAHeaderWithoutAV1Signature(String signature) {
        assertEquals("webhook-signature header has no v1 signature", rejected(request(signature)).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,not base64!", "v1,", "v1,g0hM9SsE+OTPJTGt/tmIKg==", SIGNATURE + " v1,%%%"})
    void rejectsAV1SignatureThatIsNotTheBase64OfAMac(String signature) {
        assertEquals("webhook-signature header is malformed", rejected(request(signature)).detail());
    }

    @Test
    void rejectsATamperedBody() {
        Map<String, List<String>> headers = headers(SIGNATURE);
        SignedRequest tampered = TestRequests.of(headers, "{\"test\": 2432232315}".getBytes(UTF_8));

        assertEquals("signature does not match", rejected(tampered).detail());
    }

    @Test
    void rejectsAnotherWebhookIdUnderTheSameSignature() {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.put("webhook-id", List.of("msg_someoneElse"));

        assertEquals("signature does not match",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @Test
    void rejectsAnotherTimestampUnderTheSameSignature() {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.put("webhook-timestamp", List.of("1614265331"));

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verify(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8)), SIGNED_AT.plusSeconds(1)));
        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request(SIGNATURE), keys(OTHER_SECRET), SIGNED_AT, TOLERANCE));

        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void acceptsATimestampExactlyTheToleranceInThePast() {
        assertEquals(Optional.of(ID), verify(request(SIGNATURE), SIGNED_AT.plus(TOLERANCE)));
    }

    @Test
    void rejectsATimestampOneSecondBeyondTheToleranceInThePast() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verify(request(SIGNATURE), SIGNED_AT.plus(TOLERANCE).plusSeconds(1)));

        assertEquals("timestamp in webhook-timestamp header is outside the tolerance", rejected.detail());
    }

    @Test
    void acceptsATimestampExactlyTheToleranceInTheFuture() {
        assertEquals(Optional.of(ID), verify(request(SIGNATURE), SIGNED_AT.minus(TOLERANCE)));
    }

    @Test
    void rejectsATimestampOneSecondBeyondTheToleranceInTheFuture() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verify(request(SIGNATURE), SIGNED_AT.minus(TOLERANCE).minusSeconds(1)));

        assertEquals("timestamp in webhook-timestamp header is outside the tolerance", rejected.detail());
    }

    @Test
    void rejectsATimestampInMilliseconds() {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.put("webhook-timestamp", List.of(TIMESTAMP + "000"));

        assertEquals("timestamp in webhook-timestamp header is outside the tolerance",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1614265330.0", "+1614265330", "-1614265330", "1.6e9",
            "16142653300000000000000"})
    void rejectsATimestampThatIsNotUnixSeconds(String timestamp) {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.put("webhook-timestamp", List.of(timestamp));

        assertEquals("timestamp in webhook-timestamp header is not unix seconds",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void rejectsAMissingHeaderNamingIt(String name) {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.remove(name);

        assertEquals("missing " + name + " header",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void rejectsABlankHeaderNamingIt(String name) {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.put(name, List.of(" "));

        assertEquals("empty " + name + " header",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void rejectsAHeaderGivenTwiceEvenWhenBothValuesAreEqual(String name) {
        Map<String, List<String>> headers = headers(SIGNATURE);
        headers.put(name, List.of(headers.get(name).get(0), headers.get(name).get(0)));

        assertEquals(name + " header given more than once",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @Test
    void readsHeaderNamesWhateverTheirCase() {
        SignedRequest request = TestRequests.of(PAYLOAD.getBytes(UTF_8),
                "Webhook-Id", ID, "WEBHOOK-TIMESTAMP", TIMESTAMP, "Webhook-Signature", SIGNATURE);

        assertEquals(Optional.of(ID), verify(request, SIGNED_AT));
    }

    @Test
    void treatsAMissingOrUndecodableSecretAsAConfigurationError() {
        SignedRequest request = request(SIGNATURE);

        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys(null), SIGNED_AT, TOLERANCE));
        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys(" "), SIGNED_AT, TOLERANCE));
        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys("whsec_"), SIGNED_AT, TOLERANCE));
        IllegalStateException undecodable = assertThrows(IllegalStateException.class,
                () -> verifier.verify(request, keys("whsec_not*base64"), SIGNED_AT, TOLERANCE));
        assertFalse(undecodable.getMessage().contains("not*base64"));
    }

    @Test
    void acceptsADeliverySignedWithAnyOfTheSecretsOfARotation() {
        SigningKeys newFirst = keys(OTHER_SECRET + " " + SECRET);
        SigningKeys oldFirst = keys(SECRET + "\n\t" + OTHER_SECRET.substring("whsec_".length()));

        assertEquals(Optional.of(ID), verifier.verify(request(SIGNATURE), newFirst, SIGNED_AT, TOLERANCE));
        assertEquals(Optional.of(ID), verifier.verify(request(SIGNATURE), oldFirst, SIGNED_AT, TOLERANCE));
    }

    @Test
    void acceptsWhatTheReferenceLibrarySignsWithTheNewSecretOfARotation() throws Exception {
        String payload = "{\"id\":\"evt_2\"}";
        String signature = new Webhook(OTHER_SECRET).sign("msg_rotated", 1_700_000_000L, payload);
        SignedRequest request = TestRequests.of(payload.getBytes(UTF_8),
                "webhook-id", "msg_rotated", "webhook-timestamp", "1700000000", "webhook-signature", signature);

        assertEquals(Optional.of("msg_rotated"), verifier.verify(request, keys(SECRET + " " + OTHER_SECRET),
                Instant.ofEpochSecond(1_700_000_000L), TOLERANCE));
    }

    @Test
    void rejectsADeliverySignedWithNoneOfTheSecretsOfARotation() {
        String third = "whsec_" + Base64.getEncoder().encodeToString("yet another key of 32 bytes ....".getBytes(UTF_8));

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request(SIGNATURE), keys(OTHER_SECRET + " " + third), SIGNED_AT, TOLERANCE));
        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void refusesARotationOneOfWhoseSecretsIsNotBase64WithoutShowingIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> keys(SECRET + " whsec_not*base64"));

        assertEquals("secret 2 of 2 is not base64 (after an optional whsec_ prefix)", refused.getMessage());
    }

    private Optional<String> verify(SignedRequest request, Instant now) {
        return verifier.verify(request, keys(SECRET), now, TOLERANCE);
    }

    private SignatureException rejected(SignedRequest request) {
        return assertThrows(SignatureException.class, () -> verify(request, SIGNED_AT));
    }

    private static SignedRequest request(String signature) {
        return TestRequests.of(headers(signature), PAYLOAD.getBytes(UTF_8));
    }

    private static Map<String, List<String>> headers(String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("webhook-id", List.of(ID));
        headers.put("webhook-timestamp", List.of(TIMESTAMP));
        headers.put("webhook-signature", List.of(signature));
        return headers;
    }

    private static SigningKeys keys(String secret) {
        return SigningKeys.of(SignatureScheme.STANDARD, secret);
    }
}
