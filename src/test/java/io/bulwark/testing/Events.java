package io.bulwark.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;

/** Canonical envelopes (docs/http-contract.md) for tests. */
public final class Events {

    private Events() {
    }

    public static String account(String type, String eventId, Instant occurredAt, String accountId, String status,
                                 String currency, String balance) {
        JsonObjectBuilder account = Json.createObjectBuilder().add("id", accountId).add("name", "Main");
        if (status != null) {
            account.add("status", status);
        }
        if (currency != null) {
            account.add("currency", currency);
        }
        if (balance != null) {
            account.add("balance", balance);
        }
        return envelope(eventId, type, occurredAt, Json.createObjectBuilder().add("account", account));
    }

    public static String transaction(String type, String eventId, Instant occurredAt, String transactionId,
                                     String accountId, String amount, String currency, String status) {
        return envelope(eventId, type, occurredAt,
                Json.createObjectBuilder().add("transaction", transactionObject(transactionId, accountId, amount, currency, status)));
    }

    public static String batch(String eventId, Instant occurredAt, List<JsonObject> transactions) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        transactions.forEach(items::add);
        return envelope(eventId, "transactions.batch", occurredAt, Json.createObjectBuilder().add("transactions", items));
    }

    public static JsonObject transactionObject(String transactionId, String accountId, String amount, String currency,
                                               String status) {
        return Json.createObjectBuilder()
                .add("id", transactionId)
                .add("accountId", accountId)
                .add("amount", amount)
                .add("currency", currency)
                .add("status", status)
                .add("description", "Coffee")
                .build();
    }

    public static String envelope(String eventId, String type, Instant occurredAt, JsonObjectBuilder data) {
        return Json.createObjectBuilder()
                .add("id", eventId)
                .add("type", type)
                .add("occurredAt", occurredAt.toString())
                .add("data", data)
                .build()
                .toString();
    }
}
