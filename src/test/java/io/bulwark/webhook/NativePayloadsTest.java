package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.ledger.TransactionUpdate;
import io.bulwark.testing.ProviderPayload;
import io.bulwark.testing.ProviderPayloads;
import io.bulwark.webhook.signature.SignedRequest;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vendored providers' payloads read as a source of each scheme reads them, with the mappings shipped in
 * server-config/mappings: the facts each scheme derives, and what the mapping makes of each for the ledger.
 */
class NativePayloadsTest {

    private static final Map<String, WebhookSource> SOURCES = SourceSettingsCheck.of(MapConfig.ofEnvironment(Map.of(
            "WEBHOOK_SOURCES_STRIPECO_SCHEME", "stripe", "WEBHOOK_SOURCES_STRIPECO_SECRET", "whsec_stripe",
            "WEBHOOK_SOURCES_GITHUB_SCHEME", "github", "WEBHOOK_SOURCES_GITHUB_SECRET", "secret",
            "WEBHOOK_SOURCES_ACME_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))).sources();

    private final EnvelopeParser parser = new EnvelopeParser();
    private final EventReader reader = new EventReader();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bulwark.testing.ProviderPayloads#all")
    void everyProvidersPayloadIsReadWithoutRefusalAndTypedAsItsProviderTypesIt(ProviderPayload payload) {
        DeliveredEvent event = read(payload);

        String expectedType = switch (payload.provider()) {
            case GITHUB -> payload.name().startsWith(payload.event() + ".") ? payload.name() : payload.event();
            case STRIPE, STANDARD -> payload.event();
        };
        assertEquals(expectedType, event.type());
        assertTrue(event.occurredAt() != null, "every provider says, or the receipt tells, when");
    }

    @Test
    void stripeChargesAndPayoutsBecomeTransactionsInTheCurrencysOwnUnits() {
        assertTransaction("charge.succeeded.eur", "ch_BWCu79B0as0Xx57xDzCI7h3U", "20.00", "EUR", "booked");
        assertTransaction("charge.succeeded.jpy", "ch_JKw43QnqOp5LlwocowFZdgko", "500", "JPY", "booked");
        assertTransaction("charge.refunded.eur", null, "-20.00", "EUR", "booked");
        assertTransaction("payout.paid.eur", "po_nWq9qXHhgn6J7Fug44u8JyuM", "-1842.50", "EUR", "paid");
        assertTransaction("payout.failed.jpy", "po_GAN20Gh630n5EYEG0VZZeQmi", "-30000", "JPY", "failed");
    }

    @Test
    void stripesOwnAccountUpdatedIsStripesAndIgnored() {
        DeliveredEvent event = read(ProviderPayloads.stripe("account.updated"));

        assertEquals("account.updated", event.type());
        assertInstanceOf(EventMeaning.Ignored.class, event.meaning());
    }

    @Test
    void githubEventsAreStoredAndIgnored() {
        for (ProviderPayload payload : ProviderPayloads.of(ProviderPayload.Provider.GITHUB)) {
            assertInstanceOf(EventMeaning.Ignored.class, read(payload).meaning(), payload.toString());
        }
    }

    @Test
    void aStandardWebhooksPayloadGivesItsTimeAsTimestamp() {
        DeliveredEvent event = read(ProviderPayloads.standard("example.event"));

        assertEquals(OffsetDateTime.parse("2022-11-03T20:26:10.344522Z"), event.occurredAt());
        assertInstanceOf(EventMeaning.Ignored.class, event.meaning());
    }

    private void assertTransaction(String name, String id, String amount, String currency, String status) {
        ProviderPayload payload = ProviderPayloads.stripe(name);
        DeliveredEvent event = read(payload);

        EventMeaning.Applies applies = assertInstanceOf(EventMeaning.Applies.class, event.meaning(), name);
        List<TransactionUpdate> transactions = applies.envelope().transactions();
        assertEquals(1, transactions.size());
        TransactionUpdate transaction = transactions.get(0);
        if (id != null) {
            assertEquals(id, transaction.externalId());
        } else {
            assertTrue(transaction.externalId().endsWith(":refund"), transaction.externalId());
        }
        assertEquals(new BigDecimal(amount), transaction.amount());
        assertEquals(amount, transaction.amount().toPlainString(), "the currency's own scale");
        assertEquals(currency, transaction.currency());
        assertEquals(status, transaction.status());
        assertEquals("platform", transaction.accountExternalId());
        assertEquals(event.occurredAt(), transaction.asOf());
    }

    private DeliveredEvent read(ProviderPayload payload) {
        WebhookSource source = SOURCES.get(switch (payload.provider()) {
            case GITHUB -> "github";
            case STRIPE -> "stripeco";
            case STANDARD -> "acme";
        });
        byte[] body = payload.body();
        SignedRequest request = new SignedRequest() {
            @Override
            public List<String> headers(String name) {
                return payload.eventHeaders().entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).toList();
            }

            @Override
            public byte[] body() {
                return body;
            }
        };
        return reader.atReceipt(source, parser.read(body), payload.text(), request, "delivery_1");
    }

    @Test
    void aBodyWithNoTimeHasNone() {
        assertNull(EnvelopeParser.lenientTimestamp(parser.read("{\"type\": \"x\", \"timestamp\": \"soon\"}".getBytes())));
    }
}
