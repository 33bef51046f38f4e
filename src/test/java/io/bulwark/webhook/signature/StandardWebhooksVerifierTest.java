package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
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

    // For v1a, Ed25519 checked with whpk_ public keys: RFC 8032, section 7.1, TEST 1, a published key pair.
    private static final String RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC_KEY = "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    // The Standard Webhooks spec publishes no v1a vector, so this one was computed independently of the JDK, with
    // OpenSSL 3.0 and that key in PKCS #8 (302e020100300506032b657004220420 + seed) as rfc.pem:
    //   printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' \
    //     | openssl pkeyutl -sign -inkey rfc.pem -rawin -in /dev/stdin | base64 -w0
    private static final String RFC8032_V1A =
            "v1a,fldxM4gAKugP6nnt1hdz3sgGfZ6d99nzrMFnZOELIxbzEHoVmAb2ADpkJK7zgPePmPsle0zV9jSeGlHFG2NVAw==";

    private final KeyPair pair = ReferenceEd25519.generate();
    private final String publicKey = ReferenceEd25519.whpk(pair.getPublic());

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
        String mixed = "v1b,not-a-signature v2,@@@ " + SIGNATURE;

        assertEquals(Optional.of(ID), verify(request(mixed), SIGNED_AT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="})
    void rejectsAHeaderWithoutAV1OrV1aSignature(String signature) {
        assertEquals("webhook-signature header has no v1 or v1a signature", rejected(request(signature)).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,not base64!", "v1,", "v1,g0hM9SsE+OTPJTGt/tmIKg==", SIGNATURE + " v1,%%%",
            "v1,g0hM9SsE-OTPJTGt_tmIKtSyZlE3uFJELVlNIOLJ1OE="})
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

    @Test
    void acceptsASignatureComputedWithOpensslUnderThePublishedTestKey() {
        assertEquals(Optional.of(ID), verifier.verify(request(RFC8032_V1A), keys(RFC8032_PUBLIC_KEY), SIGNED_AT, TOLERANCE));
    }

    @Test
    void theJdkComputesTheSameSignatureAsOpenssl() {
        byte[] signature = ReferenceEd25519.sign(ReferenceEd25519.privateKey(RFC8032_SEED),
                (ID + "." + TIMESTAMP + ".").getBytes(UTF_8), PAYLOAD.getBytes(UTF_8));

        assertEquals(RFC8032_V1A, "v1a," + Base64.getEncoder().encodeToString(signature));
    }

    @Test
    void verifiesAV1aSignatureOverTheRawBytesOfABodyThatIsNotUtf8() {
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '(', '}'};
        Map<String, List<String>> headers = headers(v1a(pair, ID, TIMESTAMP, body));

        assertEquals(Optional.of(ID), verifier.verify(TestRequests.of(headers, body), keys(publicKey), SIGNED_AT, TOLERANCE));
    }

    @Test
    void acceptsWhenAnyV1OrV1aEntryMatchesAnyKey() {
        String wrongV1 = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        String wrongV1a = v1a(ReferenceEd25519.generate(), ID, TIMESTAMP, PAYLOAD.getBytes(UTF_8));
        SigningKeys both = keys(SECRET + " " + publicKey);

        assertEquals(Optional.of(ID), verifier.verify(request(wrongV1 + " " + payloadV1a(pair)), both, SIGNED_AT, TOLERANCE));
        assertEquals(Optional.of(ID), verifier.verify(request(wrongV1a + " " + SIGNATURE), both, SIGNED_AT, TOLERANCE));
        assertEquals(Optional.of(ID), verifier.verify(request(wrongV1a + " " + payloadV1a(pair)), both, SIGNED_AT, TOLERANCE));
    }

    @Test
    void rotatesFromASymmetricToAnAsymmetricKey() {
        SigningKeys during = keys(SECRET + "\n" + publicKey);

        assertEquals(Optional.of(ID), verifier.verify(request(SIGNATURE), during, SIGNED_AT, TOLERANCE));
        assertEquals(Optional.of(ID), verifier.verify(request(payloadV1a(pair)), during, SIGNED_AT, TOLERANCE));
        SignatureException after = assertThrows(SignatureException.class,
                () -> verifier.verify(request(SIGNATURE), keys(publicKey), SIGNED_AT, TOLERANCE));
        assertEquals("signature does not match", after.detail());
    }

    @Test
    void rejectsAV1aSignatureOfAnotherKey() {
        String other = ReferenceEd25519.whpk(ReferenceEd25519.generate().getPublic());

        assertEquals("signature does not match", rejectedUnder(keys(other + " " + SECRET), request(payloadV1a(pair))).detail());
    }

    @Test
    void rejectsAV1aSignatureUnderASymmetricKeyOnly() {
        assertEquals("signature does not match", rejectedUnder(keys(SECRET), request(payloadV1a(pair))).detail());
    }

    @Test
    void rejectsAV1aSignatureOfAnotherBodyIdOrTimestamp() {
        String signature = payloadV1a(pair);
        Map<String, List<String>> otherId = headers(signature);
        otherId.put("webhook-id", List.of("msg_someoneElse"));
        Map<String, List<String>> otherTimestamp = headers(signature);
        otherTimestamp.put("webhook-timestamp", List.of("1614265331"));

        for (SignedRequest tampered : List.of(TestRequests.of(headers(signature), "{\"test\": 2432232315}".getBytes(UTF_8)),
                TestRequests.of(otherId, PAYLOAD.getBytes(UTF_8)), TestRequests.of(otherTimestamp, PAYLOAD.getBytes(UTF_8)))) {
            assertEquals("signature does not match", rejectedUnder(keys(publicKey), tampered).detail());
        }
    }

    @Test
    void rejectsAV1aSignatureWhoseScalarIsOutOfRangeAsNotMatching() {
        byte[] signature = new byte[64];
        Arrays.fill(signature, (byte) 0xff);

        assertEquals("signature does not match",
                rejectedUnder(keys(publicKey), request("v1a," + Base64.getEncoder().encodeToString(signature))).detail());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 32, 63, 65, 128})
    void rejectsAV1aSignatureOfTheWrongLength(int length) {
        String signature = "v1a," + Base64.getEncoder().encodeToString(new byte[length]);

        assertEquals("webhook-signature header is malformed", rejectedUnder(keys(publicKey), request(signature)).detail());
    }

    @Test
    void rejectsATruncatedOrUndecodableV1aSignature() {
        String good = payloadV1a(pair);

        for (String signature : List.of(good.substring(0, good.length() - 4), good.substring(0, good.length() - 3),
                good.replace('+', '-').replace('/', '_') + " v1a,@@", "v1a,not base64 " + SIGNATURE)) {
            assertEquals("webhook-signature header is malformed",
                    rejectedUnder(keys(SECRET + " " + publicKey), request(signature)).detail(), signature);
        }
    }

    @Test
    void refusesMoreV1aEntriesThanARotationNeedsBeforeVerifyingAny() {
        String wrong = v1a(ReferenceEd25519.generate(), ID, TIMESTAMP, PAYLOAD.getBytes(UTF_8));
        String eight = String.join(" ", Collections.nCopies(7, wrong)) + " " + payloadV1a(pair);

        assertEquals(Optional.of(ID), verifier.verify(request(eight), keys(publicKey), SIGNED_AT, TOLERANCE));
        assertEquals("webhook-signature header has more than 8 v1a signatures",
                rejectedUnder(keys(publicKey), request(wrong + " " + eight)).detail());
    }

    // Svix signs as Standard Webhooks does, under the header names svix-id, svix-timestamp and svix-signature.

    @Test
    void acceptsWhatTheReferenceLibrarySignsSentUnderSvixNames() throws Exception {
        String payload = "{\"id\":\"evt_svix\",\"type\":\"account.created\"}";
        String signature = new Webhook(OTHER_SECRET).sign("msg_svix", 1_700_000_000L, payload);
        SignedRequest request = TestRequests.of(payload.getBytes(UTF_8),
                "svix-id", "msg_svix", "svix-timestamp", "1700000000", "svix-signature", signature);

        assertEquals(Optional.of("msg_svix"),
                verifier.verify(request, keys(OTHER_SECRET), Instant.ofEpochSecond(1_700_000_000L), TOLERANCE));
    }

    @Test
    void acceptsThePublishedTestVectorAndV1aUnderSvixNames() {
        SigningKeys keys = keys(SECRET + " " + publicKey);

        for (String signature : List.of(SIGNATURE, payloadV1a(pair))) {
            assertEquals(Optional.of(ID), verifier.verify(svix(signature), keys, SIGNED_AT, TOLERANCE), signature);
        }
    }

    @Test
    void readsSvixHeaderNamesWhateverTheirCase() {
        SignedRequest request = TestRequests.of(PAYLOAD.getBytes(UTF_8),
                "Svix-Id", ID, "SVIX-TIMESTAMP", TIMESTAMP, "Svix-Signature", SIGNATURE);

        assertEquals(Optional.of(ID), verify(request, SIGNED_AT));
    }

    @Test
    void refusesADeliveryGivingBothFamiliesAsAmbiguous() {
        Map<String, List<String>> both = headers(SIGNATURE);
        both.put("svix-id", List.of(ID));
        both.put("svix-timestamp", List.of(TIMESTAMP));
        both.put("svix-signature", List.of(SIGNATURE));

        assertEquals("both webhook-* and svix-* signature headers given: a delivery is signed with one family, "
                + "so which one was meant is ambiguous", rejected(TestRequests.of(both, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void refusesADeliveryMixingTheFamiliesAsAmbiguous(String standardName) {
        Map<String, List<String>> mixed = svixHeaders(SIGNATURE);
        String svixName = standardName.replace("webhook-", "svix-");
        mixed.put(standardName, mixed.remove(svixName));

        assertEquals("both webhook-* and svix-* signature headers given: a delivery is signed with one family, "
                + "so which one was meant is ambiguous", rejected(TestRequests.of(mixed, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"svix-id", "svix-timestamp", "svix-signature"})
    void namesTheMissingSvixHeader(String name) {
        Map<String, List<String>> headers = svixHeaders(SIGNATURE);
        headers.remove(name);

        assertEquals("missing " + name + " header", rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @Test
    void rejectsASvixSignatureHeaderGivenTwice() {
        Map<String, List<String>> headers = svixHeaders(SIGNATURE);
        headers.put("svix-signature", List.of(SIGNATURE, SIGNATURE));

        assertEquals("svix-signature header given more than once",
                rejected(TestRequests.of(headers, PAYLOAD.getBytes(UTF_8))).detail());
    }

    @Test
    void rejectsAStaleOrFutureSvixTimestamp() {
        for (Instant now : List.of(SIGNED_AT.plus(TOLERANCE).plusSeconds(1), SIGNED_AT.minus(TOLERANCE).minusSeconds(1))) {
            SignatureException rejected = assertThrows(SignatureException.class, () -> verify(svix(SIGNATURE), now));
            assertEquals("timestamp in svix-timestamp header is outside the tolerance", rejected.detail());
        }
    }

    private String payloadV1a(KeyPair keys) {
        return v1a(keys, ID, TIMESTAMP, PAYLOAD.getBytes(UTF_8));
    }

    private SignatureException rejectedUnder(SigningKeys keys, SignedRequest request) {
        return assertThrows(SignatureException.class, () -> verifier.verify(request, keys, SIGNED_AT, TOLERANCE));
    }

    private static SignedRequest svix(String signature) {
        return TestRequests.of(svixHeaders(signature), PAYLOAD.getBytes(UTF_8));
    }

    private static Map<String, List<String>> svixHeaders(String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("svix-id", List.of(ID));
        headers.put("svix-timestamp", List.of(TIMESTAMP));
        headers.put("svix-signature", List.of(signature));
        return headers;
    }

    private static String v1a(KeyPair keys, String id, String timestamp, byte[] body) {
        byte[] signature = ReferenceEd25519.sign(keys.getPrivate(), (id + "." + timestamp + ".").getBytes(UTF_8), body);
        return "v1a," + Base64.getEncoder().encodeToString(signature);
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
