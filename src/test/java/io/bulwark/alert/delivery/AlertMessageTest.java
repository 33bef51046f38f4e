package io.bulwark.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

    private static final UUID ID = UUID.fromString("0b7c6a52-3f1e-4d8e-9a51-0f4e2d1c9b11");
    private static final UUID WEBHOOK = UUID.fromString("5e1f8f0a-7c2d-4b3e-8f9a-1d2c3b4a5e6f");
    private static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-11-30T17:00:00Z");

    @Test
    void messageHasSlackTextAndTheAlertsFields() {
        JsonObject message = parse(AlertMessage.json(new AlertNotification(ID, "WARNING", "Webhook processing failed", "acme",
                "transaction.created", WEBHOOK, "LedgerRuleViolation", CREATED, 1), "pod-1"));

        assertEquals("[WARNING] Bulwark pod-1: Webhook processing failed (source acme, type transaction.created, "
                + "error LedgerRuleViolation, webhook " + WEBHOOK + ") - alert " + ID, message.getString("text"));
        assertEquals(ID.toString(), message.getString("id"));
        assertEquals("WARNING", message.getString("severity"));
        assertEquals("acme", message.getString("source"));
        assertEquals("transaction.created", message.getString("eventType"));
        assertEquals(WEBHOOK.toString(), message.getString("webhookId"));
        assertEquals("LedgerRuleViolation", message.getString("errorClass"));
        assertEquals("2026-11-30T17:00:00Z", message.getString("createdAt"));
        assertEquals("pod-1", message.getString("instance"));
    }

    @Test
    void alertWithoutDeliveryLeavesOutItsFields() {
        JsonObject message = parse(AlertMessage.json(new AlertNotification(ID, "CRITICAL", "Prepared statement conflict", null,
                null, null, "PreparedStatementConflict", CREATED, 2), "pod-1"));

        assertEquals("[CRITICAL] Bulwark pod-1: Prepared statement conflict (error PreparedStatementConflict) - alert " + ID,
                message.getString("text"));
        assertFalse(message.containsKey("source") || message.containsKey("eventType") || message.containsKey("webhookId"));
    }

    @Test
    void textCannotBecomeSlackMarkupOrMentions() {
        String text = AlertMessage.text(new AlertNotification(ID, "WARNING", "Spike <!channel> & <http://x|y>", null, null,
                null, null, CREATED, 1), "pod-1");

        assertTrue(text.contains("Spike &lt;!channel&gt; &amp; &lt;http://x|y&gt;"), text);
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
