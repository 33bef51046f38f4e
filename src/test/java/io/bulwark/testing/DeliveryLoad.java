package io.bulwark.testing;

import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Signed deliveries from many concurrent senders, as a provider's burst looks: mostly transactions, account
 * updates on a few shared accounts, some batches and some deliveries sent twice. Every answer is kept so
 * that {@link LedgerAudit} can check what was acknowledged against what was stored.
 */
public final class DeliveryLoad {

    /** One delivery and the transactions it must create. */
    public record Delivery(String deliveryId, String body, Map<String, String> transactionAmounts) {
    }

    /** The answer to one sending of a delivery; status 0 when the connection itself failed. */
    public record Outcome(Delivery delivery, int status, String body, String retryAfter) {

        public boolean acknowledged() {
            return status == 200 || status == 202;
        }

        /** The JSON answer: the receipt of an acknowledged delivery, the problem of a refused one. */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    private static final int SHARED_ACCOUNTS = 16;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final TestCredentials credentials = TestEnvironment.get().credentials();

    /** {@code count} deliveries of the mix; every tenth repeats the one before it (same id, same body). */
    public static List<Delivery> mix(String run, int count) {
        List<Delivery> deliveries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            deliveries.add(i % 10 == 9 ? deliveries.get(i - 1) : delivery(run, i));
        }
        return deliveries;
    }

    /** Delivery {@code i} of the mix of {@code run}. */
    public static Delivery delivery(String run, int i) {
        if (i % 10 == 9) {
            return delivery(run, i - 1);
        }
        String account = "acc_" + run + "_" + (i % SHARED_ACCOUNTS);
        String id = "evt_" + run + "_" + i;
        Instant at = Instant.parse("2026-11-29T00:00:00Z").plusMillis(i);
        return switch (i % 10) {
            case 6, 7 -> new Delivery(id, Events.account("account.updated", id, at, account, "active", null, i + ".00"), Map.of());
            case 8 -> batch(id, at, account, run, i);
            default -> {
                String transaction = "tx_" + run + "_" + i;
                String amount = (i % 2 == 0 ? "-" : "") + i + ".25";
                yield new Delivery(id, Events.transaction("transaction.created", id, at, transaction, account, amount, "EUR",
                        "booked"), Map.of(transaction, amount));
            }
        };
    }

    private static Delivery batch(String id, Instant at, String account, String run, int i) {
        List<JsonObject> items = new ArrayList<>();
        Map<String, String> amounts = new java.util.HashMap<>();
        for (int item = 0; item < 5; item++) {
            String transaction = "tx_" + run + "_" + i + "_" + item;
            String amount = item + ".50";
            items.add(Events.transactionObject(transaction, account, amount, "EUR", "pending"));
            amounts.put(transaction, amount);
        }
        return new Delivery(id, Events.batch(id, at, items), amounts);
    }

    /** Sends all deliveries to {@code baseUrl} from {@code senders} threads; returns every answer. */
    public List<Outcome> send(String baseUrl, List<Delivery> deliveries, int senders) {
        Queue<Delivery> queue = new ConcurrentLinkedQueue<>(deliveries);
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        runSenders(senders, () -> {
            Delivery next;
            while ((next = queue.poll()) != null) {
                outcomes.add(send(baseUrl, next));
            }
        });
        return List.copyOf(outcomes);
    }

    /**
     * Keeps sending fresh deliveries of the mix from {@code senders} threads until {@code stop} is set;
     * for load that runs through a fault.
     */
    public List<Outcome> sendUntil(String baseUrl, String run, int senders, AtomicBoolean stop) {
        return sendUntil(baseUrl, run, senders, stop, outcome -> { });
    }

    /**
     * Like {@link #sendUntil(String, String, int, AtomicBoolean)}, and hands each answer to {@code answered} as
     * it arrives, so that a test can act in the middle of the load.
     */
    public List<Outcome> sendUntil(String baseUrl, String run, int senders, AtomicBoolean stop, Consumer<Outcome> answered) {
        AtomicInteger next = new AtomicInteger();
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        runSenders(senders, () -> {
            while (!stop.get()) {
                Outcome outcome = send(baseUrl, delivery(run, next.getAndIncrement()));
                outcomes.add(outcome);
                answered.accept(outcome);
                sleepQuietly(5);
            }
        });
        return List.copyOf(outcomes);
    }

    public Outcome send(String baseUrl, Delivery delivery) {
        return send(baseUrl, delivery, credentials.standardSecret());
    }

    /** Signs with {@code secret} (Standard Webhooks), which a sender holding the wrong one gets wrong. */
    public Outcome send(String baseUrl, Delivery delivery, String secret) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/webhooks/" + TestCredentials.STANDARD_SOURCE))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("webhook-id", delivery.deliveryId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signer.standard(secret, delivery.deliveryId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(delivery, response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Outcome(delivery, 0, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(delivery, 0, "interrupted", null);
        }
    }

    private static void runSenders(int senders, Runnable sender) {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int i = 0; i < senders; i++) {
                pool.execute(sender);
            }
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("senders did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many answers had each status, for assertion messages. */
    public static Map<Integer, Long> statusCounts(List<Outcome> outcomes) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        outcomes.forEach(outcome -> counts.merge(outcome.status(), 1L, Long::sum));
        return Collections.unmodifiableMap(counts);
    }
}
