package io.bulwark.alert.delivery;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.format.DateTimeFormatter;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The JSON body sent for an alert: a {@code text} that Slack's incoming webhooks (and the many receivers that
 * accept their format) show as is, beside the alert's fields for receivers that route on them.
 */
public final class AlertMessage {

    private AlertMessage() {
    }

    public static String json(AlertNotification alert, String instance) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("text", text(alert, instance))
                .add("id", alert.id().toString())
                .add("severity", alert.severity())
                .add("title", alert.title())
                .add("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(alert.createdAt()))
                .add("instance", instance);
        addIfPresent(body, "source", alert.source());
        addIfPresent(body, "eventType", alert.eventType());
        addIfPresent(body, "webhookId", alert.webhookId());
        addIfPresent(body, "errorClass", alert.errorClass());
        return body.build().toString();
    }

    /** One line a person can act on: severity and title first, then where to look. */
    static String text(AlertNotification alert, String instance) {
        StringJoiner details = new StringJoiner(", ", " (", ")");
        details.setEmptyValue("");
        if (alert.source() != null) {
            details.add("source " + alert.source());
        }
        if (alert.eventType() != null) {
            details.add("type " + alert.eventType());
        }
        if (alert.errorClass() != null) {
            details.add("error " + alert.errorClass());
        }
        if (alert.webhookId() != null) {
            details.add("webhook " + alert.webhookId());
        }
        return slackEscaped("[" + alert.severity() + "] Bulwark " + instance + ": " + alert.title() + details
                + " - alert " + alert.id());
    }

    /** Slack reads {@code <...>} as links and mentions and {@code &} as an entity; alert text must stay text. */
    private static String slackEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void addIfPresent(JsonObjectBuilder body, String name, Object value) {
        if (value != null) {
            body.add(name, value instanceof UUID ? value.toString() : (String) value);
        }
    }
}
