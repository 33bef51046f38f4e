package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A provider that retries eagerly: the same delivery many times at once is stored and applied once. */
@ExtendWith(ArquillianExtension.class)
class DuplicateDeliveryIT {

    private static final int SENDERS = 50;

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void concurrentDuplicateDeliveryIsStoredAndAppliedOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String delivery = "evt_dup_" + run;
        byte[] body = Events.transaction("transaction.created", delivery, Instant.now(), "tx_dup_" + run, "acc_dup_" + run,
                "10.00", "EUR", "booked").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = client.standardHeaders(delivery, Instant.now().getEpochSecond(), body);

        List<HttpResponse<String>> responses = sendAtOnce(() -> client.post("/api/webhooks/acme", headers, body));

        List<JsonObject> receipts = responses.stream().peek(r -> assertEquals(200, r.statusCode(), r.body()))
                .map(WebhookClient::object).toList();
        assertEquals(1, receipts.stream().map(r -> r.getString("webhookId")).distinct().count(), "one webhookId for all answers");
        assertEquals(1, receipts.stream().filter(r -> !r.getBoolean("duplicate")).count(), "exactly one first delivery");
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = 'acme' AND delivery_id = ?", delivery));
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM transactions WHERE external_id = ?", "tx_dup_" + run));
        assertEquals("0", DatabaseQueries.value("SELECT version FROM transactions WHERE external_id = ?", "tx_dup_" + run),
                "applied once: never updated by a second application");
    }

    private static List<HttpResponse<String>> sendAtOnce(java.util.concurrent.Callable<HttpResponse<String>> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return send.call();
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(2, TimeUnit.MINUTES));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
