package io.bulwark.alert.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * POSTs alert messages to the target. Both the connection and the answer are bounded in time, so a receiver
 * that hangs holds the delivery worker, never a request thread, and only for those timeouts. Redirects are
 * not followed: a credential-bearing body goes only where the operator pointed it.
 */
public final class AlertWebhookClient {

    private final HttpClient http;
    private final WebhookTarget target;
    private final Duration requestTimeout;

    public AlertWebhookClient(WebhookTarget target, Duration connectTimeout, Duration requestTimeout, Executor executor) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.target = target;
        this.requestTimeout = requestTimeout;
    }

    public DeliveryOutcome post(String json, String alertId) {
        HttpRequest request = HttpRequest.newBuilder(target.uri())
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Bulwark-Alerts")
                .header("X-Bulwark-Alert-Id", alertId)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new DeliveryOutcome.Accepted(status);
            }
            return new DeliveryOutcome.Failed("HTTP " + status);
        } catch (IOException e) {
            return new DeliveryOutcome.Failed(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Failed("interrupted");
        }
    }
}
