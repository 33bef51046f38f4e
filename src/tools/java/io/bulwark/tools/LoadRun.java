package io.bulwark.tools;

import io.bulwark.tools.signing.DeliverySigner;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends signed deliveries from {@code concurrency} senders, each on kept-alive HTTP/1.1 connections as
 * providers send, until {@code count} were sent or {@code duration} has passed. Every delivery has an id of its
 * own and is signed when it is sent, so that timestamped signatures are fresh however long the run.
 */
final class LoadRun {

    private final LoadSettings settings;
    private final DeliverySigner signer;
    private final HttpClient http;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean stoppedByDuration = new AtomicBoolean();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private final int[] statusOf;
    private final long[] nanosOf;

    LoadRun(LoadSettings settings, DeliverySigner signer) {
        this.settings = settings;
        this.signer = signer;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.statusOf = new int[(int) settings.count()];
        this.nanosOf = new long[(int) settings.count()];
    }

    LoadReport run() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + settings.duration().toNanos();
        ExecutorService senders = Executors.newFixedThreadPool(settings.concurrency());
        try {
            for (int i = 0; i < settings.concurrency(); i++) {
                senders.execute(() -> send(deadline));
            }
            senders.shutdown();
            // Each sender stops by the deadline, and a delivery under way within its timeout.
            long bound = settings.duration().plus(settings.timeout()).plusSeconds(10).toMillis();
            if (!senders.awaitTermination(bound, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("senders still running " + bound + " ms after the start");
            }
        } finally {
            senders.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return LoadReport.of(run, settings.target().toString(), settings.count(), elapsed, stoppedByDuration.get(), statusOf,
                nanosOf, sent.get(), failures);
    }

    private void send(long deadline) {
        while (true) {
            if (System.nanoTime() >= deadline) {
                stoppedByDuration.set(true);
                return;
            }
            long n = next.getAndIncrement();
            if (n >= settings.count()) {
                return;
            }
            sendOne((int) n);
            sent.incrementAndGet();
        }
    }

    private void sendOne(int n) {
        String deliveryId = "load-" + run + "-" + n;
        Instant now = Instant.now();
        SamplePayloads.Payload payload = SamplePayloads.of(settings.scheme(), deliveryId, now);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.target())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body()));
        payload.headers().forEach(request::header);
        signer.headers(deliveryId, now.getEpochSecond(), payload.body()).forEach(request::header);
        long started = System.nanoTime();
        try {
            statusOf[n] = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.merge("interrupted", 1L, Long::sum);
        }
        nanosOf[n] = System.nanoTime() - started;
    }
}
