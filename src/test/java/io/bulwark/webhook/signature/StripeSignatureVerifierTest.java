package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StripeSignatureVerifierTest {

    // Base64 after its prefix, so a verifier that wrongly decoded it would compute another MAC.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final long T = 1_700_000_000L;
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(T);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\"}".getBytes(UTF_8);
    private static final String V1 = v1(SECRET.getBytes(UTF_8), T, BODY);
    private static final String OTHER_V1 = v1("whsec_another".getBytes(UTF_8), T, BODY);

    private final StripeSignatureVerifier verifier = new StripeSignatureVerifier();

    @Test
    void acceptsAMacKeyedWithTheSecretAsItIsAndLeavesTheDeliveryIdToTheBody() {
        assertEquals(Optional.empty(), verify(request("t=" + T + ",v1=" + V1), SIGNED_AT));
    }

    @Test
    void rejectsAMacKeyedWithTheBase64DecodedSecret() {
        byte[] decoded = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));

        assertEquals("signature does not match", rejected(request("t=" + T + ",v1=" + v1(decoded, T, BODY))).detail());
    }

    @Test
    void acceptsUppercaseHex() {
        assertEquals(Optional.empty(), verify(request("t=" + T + ",v1=" + V1.toUpperCase(Locale.ROOT)), SIGNED_AT));
    }

    @Test
    void acceptsWhenASecondV1Matches() {
        assertEquals(Optional.empty(), verify(request("t=" + T + ",v1=" + OTHER_V1 + ",v1=" + V1), SIGNED_AT));
    }

    @Test
    void ignoresV0AndUnknownSchemes() {
        String header = "t=" + T + ",v0=" + OTHER_V1 + ",v1=" + V1 + ",v9=whatever";

        assertEquals(Optional.empty(), verify(request(header), SIGNED_AT));
    }

    @Test
    void verifiesTheRawBytesOfABodyThatIsNotUtf8() {
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '(', '}'};
        SignedRequest request = TestRequests.of(body,
                "Stripe-Signature", "t=" + T + ",v1=" + v1(SECRET.getBytes(UTF_8), T, body));

        assertEquals(Optional.empty(), verify(request, SIGNED_AT));
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = BODY.clone();
        tampered[10] ^= 1;
        SignedRequest request = TestRequests.of(tampered, "Stripe-Signature", "t=" + T + ",v1=" + V1);

        assertEquals("signature does not match", rejected(request).detail());
    }

    @Test
    void rejectsAnotherTimestampUnderTheSameSignature() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verify(request("t=" + (T + 1) + ",v1=" + V1), SIGNED_AT));

        assertEquals("signature does not match", rejected.detail());
    }

    @Test
    void rejectsAMacMadeWithAnotherSecret() {
        assertEquals("signature does not match", rejected(request("t=" + T + ",v1=" + OTHER_V1)).detail());
    }

    @Test
    void acceptsATimestampExactlyTheToleranceInThePast() {
        assertEquals(Optional.empty(), verify(request("t=" + T + ",v1=" + V1), SIGNED_AT.plus(TOLERANCE)));
    }

    @Test
    void rejectsATimestampOneSecondBeyondTheToleranceInThePast() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verify(request("t=" + T + ",v1=" + V1), SIGNED_AT.plus(TOLERANCE).plusSeconds(1)));

        assertEquals("timestamp in Stripe-Signature header is outside the tolerance", rejected.detail());
    }

    @Test
    void acceptsATimestampExactlyTheToleranceInTheFuture() {
        assertEquals(Optional.empty(), verify(request("t=" + T + ",v1=" + V1), SIGNED_AT.minus(TOLERANCE)));
    }

    @Test
    void rejectsATimestampOneSecondBeyondTheToleranceInTheFuture() {
        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verify(request("t=" + T + ",v1=" + V1), SIGNED_AT.minus(TOLERANCE).minusSeconds(1)));

        assertEquals("timestamp in Stripe-Signature header is outside the tolerance", rejected.detail());
    }

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of("v1=" + V1, "Stripe-Signature header has no timestamp"),
                Arguments.of("t=" + T, "Stripe-Signature header has no v1 signature"),
                Arguments.of("t=" + T + ",v0=" + V1, "Stripe-Signature header has no v1 signature"),
                Arguments.of("t=" + T + ",t=" + T + ",v1=" + V1, "Stripe-Signature header has more than one timestamp"),
                Arguments.of("t=yesterday,v1=" + V1, "timestamp in Stripe-Signature header is not unix seconds"),
                Arguments.of("t=,v1=" + V1, "timestamp in Stripe-Signature header is not unix seconds"),
                Arguments.of("t=" + T + ",v1=" + "zz" + V1.substring(2), "Stripe-Signature header is malformed"),
                Arguments.of("t=" + T + ",v1=" + V1.substring(2), "Stripe-Signature header is malformed"),
                Arguments.of("t=" + T + ",v1=", "Stripe-Signature header is malformed"),
                Arguments.of("t=" + T + ",v1=" + V1 + ",v1=xyz", "Stripe-Signature header is malformed"));
    }

    @ParameterizedTest
    @MethodSource("malformedHeaders")
    void rejectsAMalformedHeaderSayingWhatIsWrong(String header, String detail) {
        assertEquals(detail, rejected(request(header)).detail());
    }

    @Test
    void rejectsAMissingHeader() {
        assertEquals("missing Stripe-Signature header", rejected(TestRequests.of(BODY)).detail());
    }

    @Test
    void rejectsABlankHeader() {
        assertEquals("empty Stripe-Signature header", rejected(request("")).detail());
    }

    @Test
    void rejectsAHeaderGivenTwice() {
        String header = "t=" + T + ",v1=" + V1;
        SignedRequest request = TestRequests.of(BODY, "Stripe-Signature", header, "stripe-signature", header);

        assertEquals("Stripe-Signature header given more than once", rejected(request).detail());
    }

    @Test
    void treatsAMissingSecretAsAConfigurationError() {
        SignedRequest request = request("t=" + T + ",v1=" + V1);

        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys(null), SIGNED_AT, TOLERANCE));
        assertThrows(IllegalStateException.class, () -> verifier.verify(request, keys(""), SIGNED_AT, TOLERANCE));
    }

    @Test
    void acceptsADeliverySignedWithAnyOfTheSecretsOfARotation() {
        String header = "t=" + T + ",v1=" + V1;

        assertEquals(Optional.empty(), verifier.verify(request(header), keys("whsec_another " + SECRET), SIGNED_AT, TOLERANCE));
        assertEquals(Optional.empty(), verifier.verify(request(header), keys(SECRET + "\nwhsec_another"), SIGNED_AT, TOLERANCE));
    }

    @Test
    void acceptsAHeaderWhoseSignaturesAreMadeWithTheOldAndTheNewSecretOfARotation() {
        String header = "t=" + T + ",v1=" + OTHER_V1 + ",v1=" + V1;

        assertEquals(Optional.empty(), verifier.verify(request(header), keys(SECRET + " whsec_another"), SIGNED_AT, TOLERANCE));
    }

    @Test
    void rejectsADeliverySignedWithNoneOfTheSecretsOfARotation() {
        SignatureException rejected = assertThrows(SignatureException.class, () -> verifier.verify(
                request("t=" + T + ",v1=" + V1), keys("whsec_another whsec_yetAnother"), SIGNED_AT, TOLERANCE));

        assertEquals("signature does not match", rejected.detail());
    }

    private Optional<String> verify(SignedRequest request, Instant now) {
        return verifier.verify(request, keys(SECRET), now, TOLERANCE);
    }

    private SignatureException rejected(SignedRequest request) {
        return assertThrows(SignatureException.class, () -> verify(request, SIGNED_AT));
    }

    private static SignedRequest request(String header) {
        return TestRequests.of(BODY, "Stripe-Signature", header);
    }

    private static String v1(byte[] key, long timestamp, byte[] body) {
        return HexFormat.of().formatHex(ReferenceHmac.sign(key, (timestamp + ".").getBytes(UTF_8), body));
    }

    private static SigningKeys keys(String secret) {
        return SigningKeys.of(SignatureScheme.STRIPE, secret);
    }
}
