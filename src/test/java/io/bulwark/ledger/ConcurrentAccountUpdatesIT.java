package io.bulwark.ledger;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many events about one account arriving at once and out of order: the account ends in the state of the
 * newest event, whatever the arrival order.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentAccountUpdatesIT {

    private static final int EVENTS = 100;

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void shuffledConcurrentUpdatesLeaveTheNewestState() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String account = "acc_conc_" + run;
        Instant base = Instant.parse("2026-11-29T00:00:00Z");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i : order) {
                String event = "evt_conc_" + run + "_" + i;
                String body = Events.account("account.updated", event, base.plusSeconds(i), account, "status" + i, "EUR", i + ".00");
                sent.add(pool.submit(() -> client.sendStandard(event, body)));
            }
            for (Future<HttpResponse<String>> response : sent) {
                assertEquals(200, response.get(2, TimeUnit.MINUTES).statusCode());
            }
        } finally {
            pool.shutdownNow();
        }

        JsonObject stored = object(client.admin("GET", "/api/accounts/" + account));
        assertEquals((EVENTS - 1) + ".00", stored.getString("balance"));
        assertEquals("status" + (EVENTS - 1), stored.getString("status"));
        assertEquals(base.plusSeconds(EVENTS - 1), java.time.OffsetDateTime.parse(stored.getString("asOf")).toInstant());
    }
}
