package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.Signer;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schemes beyond a provider's own, through the real server: a generic HMAC source configured the way Shopify
 * signs, Standard Webhooks {@code v1a} signatures checked with a public key, and Svix's header names on a
 * Standard Webhooks source. Every body is the canonical envelope.
 */
@ExtendWith(ArquillianExtension.class)
class SignatureSchemesIT {

    private final WebhookClient client = new WebhookClient();
    private final TestCredentials credentials = client.credentials();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void shopifyStyleDeliveryIsStoredUnderTheIdOfItsHeader() {
        String delivery = "shop_" + run;
        byte[] body = body("evt_shop_" + run);

        HttpResponse<String> response = sendShopify(delivery, body, Signer.shopify(credentials.hmacSecret(), body));

        assertReceipt(response, false);
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ? "
                + "AND status = 'PROCESSED' AND body_sha256 IS NOT NULL", TestCredentials.HMAC_SOURCE, delivery));
    }

    @Test
    void shopifyStyleDeliveryWithABadSignatureIs401AndNotStored() {
        String delivery = "shop_bad_" + run;
        byte[] body = body("evt_shop_bad_" + run);
        String signedOtherwise = Signer.shopify(credentials.hmacSecret() + "x", body);

        HttpResponse<String> response = sendShopify(delivery, body, signedOtherwise);

        assertEquals(401, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonObject problem = object(response);
        assertEquals(401, problem.getInt("status"));
        assertEquals("signature does not match", problem.getString("detail"));
        for (String secret : new String[] {credentials.hmacSecret(), credentials.hmacOldSecret(), signedOtherwise}) {
            assertFalse(response.body().contains(secret), "no secret or signature in the problem");
        }
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.HMAC_SOURCE, delivery));
    }

    @Test
    void deliveriesSignedWithEitherSecretOfARotationAreBothStored() {
        byte[] signedNew = body("evt_rot_new_" + run);
        byte[] signedOld = body("evt_rot_old_" + run);

        assertReceipt(sendShopify("rot_new_" + run, signedNew, Signer.shopify(credentials.hmacSecret(), signedNew)), false);
        assertReceipt(sendShopify("rot_old_" + run, signedOld, Signer.shopify(credentials.hmacOldSecret(), signedOld)), false);
    }

    @Test
    void standardWebhooksDeliveriesSignedWithEitherSecretOfARotationAreBothStored() {
        for (String secret : new String[] {credentials.standardSecret(), credentials.standardOldSecret()}) {
            String delivery = "msg_rot_" + UUID.randomUUID();
            byte[] signed = body("evt_" + delivery);
            long now = Instant.now().getEpochSecond();
            Map<String, String> headers = Map.of("Content-Type", "application/json", "webhook-id", delivery,
                    "webhook-timestamp", Long.toString(now), "webhook-signature", Signer.standard(secret, delivery, now, signed));

            assertReceipt(client.post("/api/webhooks/" + TestCredentials.SPELLED_SOURCE, headers, signed), false);
        }
    }

    @Test
    void aSignedShopifyBodySentAgainUnderAnotherIdIsADuplicate() {
        byte[] body = body("evt_shop_again_" + run);
        String signature = Signer.shopify(credentials.hmacSecret(), body);
        String first = object(assertReceipt(sendShopify("shop_first_" + run, body, signature), false)).getString("webhookId");

        HttpResponse<String> again = sendShopify("shop_forged_" + run, body, signature);

        assertEquals(first, object(assertReceipt(again, true)).getString("webhookId"));
    }

    @Test
    void v1aSignedDeliveryIsStored() {
        String delivery = "msg_v1a_" + run;
        byte[] body = body("evt_v1a_" + run);
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = json();
        headers.put("webhook-id", delivery);
        headers.put("webhook-timestamp", Long.toString(now));
        headers.put("webhook-signature", Signer.standardAsymmetric(credentials.asymmetricKeys().getPrivate(), delivery, now, body));

        assertReceipt(client.post("/api/webhooks/" + TestCredentials.ASYMMETRIC_SOURCE, headers, body), false);
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.ASYMMETRIC_SOURCE, delivery));
    }

    @Test
    void svixHeaderDeliveryToAStandardSourceIsStored() {
        String delivery = "msg_svix_" + run;
        byte[] body = body("evt_svix_" + run);
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = json();
        headers.put("svix-id", delivery);
        headers.put("svix-timestamp", Long.toString(now));
        headers.put("svix-signature", Signer.standard(credentials.standardSecret(), delivery, now, body));

        assertReceipt(client.post("/api/webhooks/" + TestCredentials.STANDARD_SOURCE, headers, body), false);
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.STANDARD_SOURCE, delivery));
    }

    private HttpResponse<String> sendShopify(String delivery, byte[] body, String signature) {
        Map<String, String> headers = json();
        headers.put(TestCredentials.HMAC_HEADER, signature);
        headers.put(TestCredentials.HMAC_ID_HEADER, delivery);
        return client.post("/api/webhooks/" + TestCredentials.HMAC_SOURCE, headers, body);
    }

    private static HttpResponse<String> assertReceipt(HttpResponse<String> response, boolean duplicate) {
        assertEquals(200, response.statusCode(), response.body());
        JsonObject receipt = object(response);
        assertTrue(receipt.getBoolean("success"), response.body());
        assertEquals(duplicate, receipt.getBoolean("duplicate"), response.body());
        assertEquals("PROCESSED", receipt.getString("status"), response.body());
        return response;
    }

    private byte[] body(String eventId) {
        return Events.account("account.created", eventId, Instant.now(), "acc_" + eventId, "active", "EUR", "10.00")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }
}
