package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSignatureVerifierTest {

    // Shopify documents how it signs (the base64 of an HMAC-SHA256 of the raw body, keyed with the app's secret) but
    // publishes no vector, so these were computed with OpenSSL 3.0, independently of the JDK:
    //   printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
    //   printf '%s' "$BODY" | openssl dgst -sha1 -hmac "$SECRET" -hex
    //   printf '%s' "$BODY" | openssl dgst -sha512 -hmac "$SECRET" -hex
    //   printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex
    private static final String SECRET = "shpss_a1b2c3d4e5f6";
    private static final byte[] BODY = "{\"id\":820982911946154508,\"topic\":\"orders/create\"}".getBytes(UTF_8);
    private static final String SHA256_BASE64 = "j262DiRZfcfEUxQ+aIgZH9G4IBmtqJB6ZsF4H4McinM=";
    private static final String SHA1_HEX = "d09d2f3ffbcaa488b59c42376ff5228abfb1bd2a";
    private static final String SHA512_HEX = "cbbdb8f5c486ec14cb6981ef1c2ee201cc021e0a14552fa277419663c2164cbe"
            + "a04dd7856d10d1bcc43c253cc5b273f775785f996331696e949548ad66fc0789";
    private static final String TIMESTAMPED_SHA256_HEX = "57eec4998a4f59420353ae58c791128bf882bf35b1f1bff14a65f2d75cea2f36";

    private static final String SHOPIFY_HEADER = "X-Shopify-Hmac-Sha256";
    private static final String SHOPIFY_ID = "X-Shopify-Webhook-Id";
    private static final String DELIVERY = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";
    private static final long T = 1_700_000_000L;
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(T);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final HmacFormat SHOPIFY = new HmacFormat(SHOPIFY_HEADER, HmacAlgorithm.SHA256, SignatureEncoding.BASE64, "",
            Optional.empty(), Optional.of(SHOPIFY_ID));
    private static final HmacFormat TIMESTAMPED = new HmacFormat("X-Signature", HmacAlgorithm.SHA256, SignatureEncoding.HEX, "v1=",
            Optional.of("X-Timestamp"), Optional.empty());

    @Test
    void acceptsAShopifyStyleSignatureAndTakesTheDeliveryIdFromItsHeader() {
        assertEquals(Optional.of(DELIVERY), verify(SHOPIFY, shopify(BODY, SHA256_BASE64)));
    }

    @Test
    void identifiesByBodyExactlyWhenTheDeliveryIdComesFromAnUnsignedHeader() {
        HmacFormat bodyId = new HmacFormat(SHOPIFY_HEADER, HmacAlgorithm.SHA256, SignatureEncoding.BASE64, "", Optional.empty(),
                Optional.empty());

        assertTrue(new HmacSignatureVerifier(SHOPIFY).identifiesByBody());
        assertFalse(new HmacSignatureVerifier(bodyId).identifiesByBody());
        assertFalse(new HmacSignatureVerifier(TIMESTAMPED).identifiesByBody());
    }

    @Test
    void leavesTheDeliveryIdToTheBodyWithoutAnIdHeader() {
        HmacFormat bodyId = new HmacFormat(SHOPIFY_HEADER, HmacAlgorithm.SHA256, SignatureEncoding.BASE64, "", Optional.empty(),
                Optional.empty());

        assertEquals(Optional.empty(), verify(bodyId, TestRequests.of(BODY, SHOPIFY_HEADER, SHA256_BASE64)));
    }

    @Test
    void acceptsSha1AndSha512InHexBehindAPrefix() {
        HmacFormat sha1 = new HmacFormat("X-Hub-Signature", HmacAlgorithm.SHA1, SignatureEncoding.HEX, "sha1=", Optional.empty(),
                Optional.empty());
        HmacFormat sha512 = new HmacFormat("X-Signature", HmacAlgorithm.SHA512, SignatureEncoding.HEX, "", Optional.empty(),
                Optional.empty());

        assertEquals(Optional.empty(), verify(sha1, TestRequests.of(BODY, "X-Hub-Signature", "sha1=" + SHA1_HEX)));
        assertEquals(Optional.empty(), verify(sha1, TestRequests.of(BODY, "X-Hub-Signature", "sha1=" + SHA1_HEX.toUpperCase(Locale.ROOT))));
        assertEquals(Optional.empty(), verify(sha512, TestRequests.of(BODY, "X-Signature", SHA512_HEX)));
    }

    @Test
    void acceptsASignedTimestampWithinTheTolerance() {
        assertEquals(Optional.empty(), verify(TIMESTAMPED, timestamped(Long.toString(T), "v1=" + TIMESTAMPED_SHA256_HEX)));
        assertEquals(Optional.empty(), new HmacSignatureVerifier(TIMESTAMPED).verify(
                timestamped(Long.toString(T), "v1=" + TIMESTAMPED_SHA256_HEX), keys(SECRET), SIGNED_AT.plus(TOLERANCE), TOLERANCE));
        assertEquals(Optional.empty(), new HmacSignatureVerifier(TIMESTAMPED).verify(
                timestamped(Long.toString(T), "v1=" + TIMESTAMPED_SHA256_HEX), keys(SECRET), SIGNED_AT.minus(TOLERANCE), TOLERANCE));
    }

    @Test
    void rejectsAStaleOrFutureTimestamp() {
        SignedRequest request = timestamped(Long.toString(T), "v1=" + TIMESTAMPED_SHA256_HEX);

        for (Instant now : new Instant[] {SIGNED_AT.plus(TOLERANCE).plusSeconds(1), SIGNED_AT.minus(TOLERANCE).minusSeconds(1)}) {
            SignatureException rejected = assertThrows(SignatureException.class,
                    () -> new HmacSignatureVerifier(TIMESTAMPED).verify(request, keys(SECRET), now, TOLERANCE));
            assertEquals("timestamp in X-Timestamp header is outside the tolerance", rejected.detail());
        }
    }

    @Test
    void rejectsAnotherTimestampUnderTheSameSignature() {
        SignedRequest moved = timestamped(Long.toString(T + 1), "v1=" + TIMESTAMPED_SHA256_HEX);

        assertEquals("signature does not match", rejected(TIMESTAMPED, moved).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1700000000.0", "+1700000000", "1700000000000000000000"})
    void rejectsATimestampThatIsNotUnixSeconds(String timestamp) {
        assertEquals("timestamp in X-Timestamp header is not unix seconds",
                rejected(TIMESTAMPED, timestamped(timestamp, "v1=" + TIMESTAMPED_SHA256_HEX)).detail());
    }

    @Test
    void rejectsAMissingTimestamp() {
        SignedRequest request = TestRequests.of(BODY, "X-Signature", "v1=" + TIMESTAMPED_SHA256_HEX);

        assertEquals("missing X-Timestamp header", rejected(TIMESTAMPED, request).detail());
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = BODY.clone();
        tampered[10] ^= 1;

        assertEquals("signature does not match", rejected(SHOPIFY, shopify(tampered, SHA256_BASE64)).detail());
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> new HmacSignatureVerifier(SHOPIFY).verify(shopify(BODY, SHA256_BASE64), keys("shpss_other"), SIGNED_AT, TOLERANCE));

        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void usesTheSecretAsItsBytesAndNeverDecodesIt() {
        String base64Secret = Base64.getEncoder().encodeToString(SECRET.getBytes(UTF_8));

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> new HmacSignatureVerifier(SHOPIFY).verify(shopify(BODY, SHA256_BASE64), keys(base64Secret), SIGNED_AT, TOLERANCE));
        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void acceptsADeliverySignedWithAnyOfTheSecretsOfARotation() {
        String other = Base64.getEncoder().encodeToString(ReferenceHmac.sign("shpss_new".getBytes(UTF_8), new byte[0], BODY));
        SigningKeys rotation = keys("shpss_new\n" + SECRET);

        for (String signature : new String[] {SHA256_BASE64, other}) {
            assertEquals(Optional.of(DELIVERY),
                    new HmacSignatureVerifier(SHOPIFY).verify(shopify(BODY, signature), rotation, SIGNED_AT, TOLERANCE));
        }
        SignatureException neither = assertThrows(SignatureException.class, () -> new HmacSignatureVerifier(SHOPIFY)
                .verify(shopify(BODY, SHA256_BASE64), keys("shpss_new shpss_newer"), SIGNED_AT, TOLERANCE));
        assertEquals("signature does not match", neither.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // hex where base64 is configured: 64 hex digits decode as base64 to 48 bytes, not 32
            "8f6eb60e24597dc7c453143e6888191fd1b82019ada8907a66c1781f831c8a73",
            // truncated
            "j262DiRZfcfEUxQ+aIgZH9G4IBmtqJB6ZsF4H4Mci", "j262DiRZfcfEUxQ+aIgZH9G4IBmtqJB6ZsF4H4Mc", "j262DiRZ",
            // the URL-safe alphabet, another prefix, a second value in the header, nothing
            "j262DiRZfcfEUxQ-aIgZH9G4IBmtqJB6ZsF4H4McinM=", "sha256=j262DiRZfcfEUxQ+aIgZH9G4IBmtqJB6ZsF4H4McinM=",
            "j262DiRZfcfEUxQ+aIgZH9G4IBmtqJB6ZsF4H4McinM=,j262DiRZfcfEUxQ+aIgZH9G4IBmtqJB6ZsF4H4McinM=", "==",
            // the base64 of a SHA-1 MAC: the right encoding, the wrong length
            "0J0vP/vKpIi1nEI3b/Uiir+xvSo="})
    void rejectsASignatureThatIsNotTheConfiguredEncodingOfAMac(String signature) {
        assertEquals("X-Shopify-Hmac-Sha256 header is malformed", rejected(SHOPIFY, shopify(BODY, signature)).detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {TIMESTAMPED_SHA256_HEX, "V1=" + TIMESTAMPED_SHA256_HEX, "v1:" + TIMESTAMPED_SHA256_HEX,
            "v1=" + "zz" + "7eec4998a4f59420353ae58c791128bf882bf35b1f1bff14a65f2d75cea2f36", "v1="})
    void rejectsASignatureWithoutItsPrefixOrNotInHex(String signature) {
        assertEquals("X-Signature header is malformed", rejected(TIMESTAMPED, timestamped(Long.toString(T), signature)).detail());
    }

    @Test
    void rejectsASignatureHeaderGivenTwice() {
        SignedRequest request = TestRequests.of(BODY, SHOPIFY_HEADER, SHA256_BASE64, "x-shopify-hmac-sha256", SHA256_BASE64,
                SHOPIFY_ID, DELIVERY);

        assertEquals("X-Shopify-Hmac-Sha256 header given more than once", rejected(SHOPIFY, request).detail());
    }

    @Test
    void rejectsAMissingOrBlankSignatureHeader() {
        assertEquals("missing X-Shopify-Hmac-Sha256 header", rejected(SHOPIFY, TestRequests.of(BODY, SHOPIFY_ID, DELIVERY)).detail());
        assertEquals("empty X-Shopify-Hmac-Sha256 header", rejected(SHOPIFY, shopify(BODY, " ")).detail());
    }

    @Test
    void requiresTheConfiguredIdHeaderOnceEvenWhenTheSignatureMatches() {
        SignedRequest missing = TestRequests.of(BODY, SHOPIFY_HEADER, SHA256_BASE64);
        SignedRequest twice = TestRequests.of(BODY, SHOPIFY_HEADER, SHA256_BASE64, SHOPIFY_ID, DELIVERY, SHOPIFY_ID, "another");

        assertEquals("missing X-Shopify-Webhook-Id header", rejected(SHOPIFY, missing).detail());
        assertEquals("X-Shopify-Webhook-Id header given more than once", rejected(SHOPIFY, twice).detail());
    }

    @Test
    void verifiesTheRawBytesOfABodyThatIsNotUtf8() {
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '(', '}'};
        String signature = Base64.getEncoder().encodeToString(ReferenceHmac.sign(SECRET.getBytes(UTF_8), new byte[0], body));

        assertEquals(Optional.of(DELIVERY), verify(SHOPIFY, shopify(body, signature)));
    }

    private static Optional<String> verify(HmacFormat format, SignedRequest request) {
        return new HmacSignatureVerifier(format).verify(request, keys(SECRET), SIGNED_AT, TOLERANCE);
    }

    private static SignatureException rejected(HmacFormat format, SignedRequest request) {
        return assertThrows(SignatureException.class, () -> verify(format, request));
    }

    private static SignedRequest shopify(byte[] body, String signature) {
        return TestRequests.of(body, SHOPIFY_HEADER, signature, SHOPIFY_ID, DELIVERY);
    }

    private static SignedRequest timestamped(String timestamp, String signature) {
        return TestRequests.of(BODY, "X-Signature", signature, "X-Timestamp", timestamp);
    }

    private static SigningKeys keys(String secret) {
        return SigningKeys.of(SignatureScheme.HMAC, secret);
    }
}
