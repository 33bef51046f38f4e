package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stripe.Stripe;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Account;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.HasId;
import com.stripe.model.Payout;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import io.bulwark.testing.ProviderPayload;
import io.bulwark.testing.ProviderPayload.Provider;
import io.bulwark.testing.ProviderPayloads;
import io.bulwark.testing.Signer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's Stripe signatures are Stripe's: Stripe's own Java library (stripe-java) accepts every vendored
 * event as the tests sign it, and the server's verifier accepts what stripe-java signs. The charges' billing names
 * are not ASCII, so this also holds stripe-java, which signs strings, and the verifier, which signs bytes, to the
 * same UTF-8.
 */
class StripeCrossCheckTest {

    private static final String SECRET = "whsec_f3Rq8ZkLw2NvXc5TgHb7YpJm1DsQa9Ue";
    // After every vendored event was created, as a delivery is signed when it is sent.
    private static final long SIGNED_AT = Instant.parse("2026-07-01T10:41:07Z").getEpochSecond();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Map<String, Class<? extends StripeObject>> MODELS =
            Map.of("charge", Charge.class, "payout", Payout.class, "account", Account.class);

    private final StripeSignatureVerifier verifier = new StripeSignatureVerifier();

    static Stream<ProviderPayload> stripeEvents() {
        return ProviderPayloads.of(Provider.STRIPE).stream();
    }

    @ParameterizedTest
    @MethodSource("stripeEvents")
    void theTestSignerMakesTheHeaderStripeJavaComputes(ProviderPayload payload) throws Exception {
        assertEquals(stripeJavaHeader(payload.text()), Signer.stripe(SECRET, SIGNED_AT, payload.body()));
    }

    @ParameterizedTest
    @MethodSource("stripeEvents")
    void stripeJavaAcceptsTheEventAsTheTestsSignItAndReadsItsIdAndType(ProviderPayload payload) throws Exception {
        Event event = constructEvent(payload.text(), Signer.stripe(SECRET, SIGNED_AT, payload.body()));

        assertEquals(json(payload.body()).getString("id"), event.getId());
        assertEquals(payload.event(), event.getType());
    }

    @ParameterizedTest
    @MethodSource("stripeEvents")
    void stripeJavaReadsTheEventsObjectAsItsOwnModelOfThatApiVersion(ProviderPayload payload) throws Exception {
        Event event = constructEvent(payload.text(), Signer.stripe(SECRET, SIGNED_AT, payload.body()));
        JsonObject expected = json(payload.body()).getJsonObject("data").getJsonObject("object");

        StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow(() -> new AssertionError(
                "stripe-java " + Stripe.VERSION + " reads API version " + Stripe.API_VERSION + ", not " + event.getApiVersion()));
        assertInstanceOf(MODELS.get(expected.getString("object")), object);
        assertEquals(expected.getString("id"), ((HasId) object).getId());
    }

    @Test
    void stripeJavaReadsTheChargeAmountsInMinorUnitsOfTheirCurrency() throws Exception {
        Charge euros = charge(ProviderPayloads.stripe("charge.succeeded.eur"));
        Charge yen = charge(ProviderPayloads.stripe("charge.succeeded.jpy"));

        assertEquals(2000L, euros.getAmount());
        assertEquals("eur", euros.getCurrency());
        assertEquals(500L, yen.getAmount());
        assertEquals("jpy", yen.getCurrency());
    }

    @Test
    void stripeJavaReadsTheConnectedAccountOfTheAccountEvent() throws Exception {
        ProviderPayload updated = ProviderPayloads.stripe("account.updated");

        Event event = constructEvent(updated.text(), Signer.stripe(SECRET, SIGNED_AT, updated.body()));

        assertEquals(json(updated.body()).getString("account"), event.getAccount());
    }

    @ParameterizedTest
    @MethodSource("stripeEvents")
    void theVerifierAcceptsTheEventAsStripeJavaSignsIt(ProviderPayload payload) throws Exception {
        SignedRequest request = TestRequests.of(payload.body(), "Stripe-Signature", stripeJavaHeader(payload.text()));

        assertEquals(Optional.empty(), verifier.verify(request, keys(), Instant.ofEpochSecond(SIGNED_AT), TOLERANCE));
    }

    @ParameterizedTest
    @MethodSource("stripeEvents")
    void neitherAcceptsWhatStripeJavaSignedOnceOneCharacterOfTheEventChanges(ProviderPayload payload) throws Exception {
        String header = stripeJavaHeader(payload.text());
        byte[] tampered = TamperedBodies.lastStringChanged(payload.body());
        SignedRequest request = TestRequests.of(tampered, "Stripe-Signature", header);

        SignatureException rejected = assertThrows(SignatureException.class,
                () -> verifier.verify(request, keys(), Instant.ofEpochSecond(SIGNED_AT), TOLERANCE));
        assertEquals("signature does not match", rejected.detail());
        assertThrows(SignatureVerificationException.class, () -> constructEvent(new String(tampered, UTF_8), header));
    }

    private static String stripeJavaHeader(String payload) throws Exception {
        return "t=" + SIGNED_AT + ",v1=" + Webhook.Util.computeHmacSha256(SECRET, SIGNED_AT + "." + payload);
    }

    private static Event constructEvent(String payload, String header) throws SignatureVerificationException {
        return Webhook.constructEvent(payload, header, SECRET, TOLERANCE.toSeconds(), CLOCK);
    }

    private static Charge charge(ProviderPayload payload) throws Exception {
        Event event = constructEvent(payload.text(), Signer.stripe(SECRET, SIGNED_AT, payload.body()));
        return (Charge) event.getDataObjectDeserializer().getObject().orElseThrow();
    }

    private static JsonObject json(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }

    private static SigningKeys keys() {
        return SigningKeys.of(SignatureScheme.STRIPE, SECRET);
    }
}
