package io.bulwark.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many senders posting maximum-size envelopes ({@link PaddedEnvelopes}) for a while, each a fresh delivery, as
 * fast as they are answered: the load a busy or hostile provider puts on memory. Signed (Standard Webhooks) when
 * given a secret, unsigned otherwise. Every answer is kept.
 */
public final class BodyFlood {

    /**
     * The answer to one sending; {@code status} 0 when there was none, {@code refused} when the connection itself
     * was refused (nothing listening).
     */
    public record Answer(String deliveryId, int status, String contentType, String retryAfter, String body,
                         boolean refused) {

        public boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return deliveryId + ": " + status + " " + contentType + " Retry-After=" + retryAfter + " "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * Sends from {@code senders} threads to {@code baseUrl + "/api/webhooks/" + source} for {@code duration}
     * (no sending starts after it; each waits at most 30 s for its answer), at most {@code maxPerSender} each.
     * Delivery ids are {@code run + "_" + n}; {@code secret} null sends without a signature.
     */
    public List<Answer> send(String baseUrl, String source, String secret, String run, int bodyBytes, int senders,
                             int maxPerSender, Duration duration) {
        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        Instant end = Instant.now().plus(duration);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int s = 0; s < senders; s++) {
                pool.execute(() -> {
                    for (int i = 0; i < maxPerSender && Instant.now().isBefore(end); i++) {
                        String deliveryId = run + "_" + String.format("%07d", next.getAndIncrement());
                        answers.add(sendOne(baseUrl, source, secret, deliveryId, PaddedEnvelopes.of(deliveryId, bodyBytes)));
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(duration.toSeconds() + 90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("flood senders did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(answers);
    }

    private Answer sendOne(String baseUrl, String source, String secret, String deliveryId, byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/webhooks/" + source))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("webhook-id", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signer.standard(secret, deliveryId, timestamp, body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(deliveryId, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(), false);
        } catch (IOException e) {
            return new Answer(deliveryId, 0, "", null, e.toString(), isRefused(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(deliveryId, 0, "", null, "interrupted", false);
        }
    }

    private static boolean isRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** How many answers had each status (0: none), for assertion messages. */
    public static Map<Integer, Long> statusCounts(List<Answer> answers) {
        Map<Integer, Long> counts = new TreeMap<>();
        answers.forEach(answer -> counts.merge(answer.status(), 1L, Long::sum));
        return Collections.unmodifiableMap(counts);
    }
}
