package io.bulwark.bench;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Drives a server with signed deliveries of the test mix (transactions, account updates, a tenth batches,
 * a tenth repeats) from a fixed number of senders, each on its own kept-alive connection and waiting for its
 * answer before sending the next, and checks afterwards that every acknowledged delivery is in PostgreSQL.
 * The bodies are built before the clock starts; each is signed as it is sent.
 */
final class ServerLoad {

    /**
     * The server's own floor: the same senders posting, with no body, to a source that does not exist, which the
     * server answers 404 after routing the request to the webhook resource and before any delivery work.
     */
    RunResult floor(String configuration, String baseUrl, int concurrency, int requests, long pid) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong answered = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        byte[] empty = new byte[0];
        double cpuBefore = ProcessCpu.millis(pid);
        double kernelBefore = ProcessCpu.kernelMillis(pid);
        long started = System.nanoTime();
        for (int s = 0; s < concurrency; s++) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            senders.execute(() -> {
                try (KeepAliveSender sender = new KeepAliveSender(baseUrl, "bench-no-such-source", "")) {
                    while (next.getAndIncrement() < requests) {
                        long sent = System.nanoTime();
                        int status = sender.sendUnsigned(empty);
                        histogram.recordValue(Math.min((System.nanoTime() - sent) / 1_000, 60_000_000L));
                        if (status == 404) {
                            answered.incrementAndGet();
                        } else {
                            errors.merge(status == 0 ? "connection" : "http " + status, 1L, Long::sum);
                        }
                    }
                }
            });
        }
        awaitAll(senders);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMillis = ProcessCpu.millis(pid) - cpuBefore;
        double kernelMillis = ProcessCpu.kernelMillis(pid) - kernelBefore;
        Histogram latency = new Histogram(60_000_000L, 3);
        histograms.forEach(latency::add);
        return new RunResult(configuration, concurrency, requests, answered.get(), new TreeMap<>(errors), -1, seconds, latency,
                ServerMemory.rssMegabytes(pid), GroupStats.NONE, cpuBefore < 0 ? -1 : cpuMillis / requests,
                cpuBefore < 0 ? -1 : kernelMillis / requests);
    }

    RunResult run(String configuration, String baseUrl, int concurrency, int deliveries, String run, long pid) {
        String secret = TestEnvironment.get().credentials().standardSecret();
        List<DeliveryLoad.Delivery> mix = new ArrayList<>(deliveries);
        List<byte[]> bodies = new ArrayList<>(deliveries);
        for (int i = 0; i < deliveries; i++) {
            mix.add(DeliveryLoad.delivery(run, i));
            bodies.add(mix.get(i).body().getBytes(StandardCharsets.UTF_8));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong acknowledged = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
        List<Histogram> histograms = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        GroupStats.Sample groupsBefore = GroupStats.Sample.scrape(baseUrl);
        double cpuBefore = ProcessCpu.millis(pid);
        double kernelBefore = ProcessCpu.kernelMillis(pid);
        long started = System.nanoTime();
        for (int s = 0; s < concurrency; s++) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            senders.execute(() -> {
                try (KeepAliveSender sender = new KeepAliveSender(baseUrl, TestCredentials.STANDARD_SOURCE, secret)) {
                    int i;
                    while ((i = next.getAndIncrement()) < deliveries) {
                        String deliveryId = mix.get(i).deliveryId();
                        long sent = System.nanoTime();
                        int status = sender.send(deliveryId, bodies.get(i));
                        histogram.recordValue(Math.min((System.nanoTime() - sent) / 1_000, 60_000_000L));
                        if (status == 200 || status == 202) {
                            acknowledged.incrementAndGet();
                            acknowledgedIds.add(deliveryId);
                        } else {
                            errors.merge(status == 0 ? "connection" : "http " + status, 1L, Long::sum);
                        }
                    }
                }
            });
        }
        awaitAll(senders);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMillis = ProcessCpu.millis(pid) - cpuBefore;
        double kernelMillis = ProcessCpu.kernelMillis(pid) - kernelBefore;
        GroupStats groups = GroupStats.Sample.scrape(baseUrl).since(groupsBefore);
        Histogram latency = new Histogram(60_000_000L, 3);
        histograms.forEach(latency::add);
        long verified = DatabaseQueries.count("SELECT count(*) FROM unnest(?::text[]) AS acknowledged(id) "
                + "JOIN webhook_events e ON e.source = 'acme' AND e.delivery_id = acknowledged.id",
                "{" + String.join(",", acknowledgedIds) + "}");
        return new RunResult(configuration, concurrency, deliveries, acknowledged.get(), new TreeMap<>(errors),
                verified + (acknowledged.get() - acknowledgedIds.size()), seconds, latency, ServerMemory.rssMegabytes(pid), groups,
                cpuBefore < 0 ? -1 : cpuMillis / deliveries, cpuBefore < 0 ? -1 : kernelMillis / deliveries);
    }

    private static void awaitAll(ExecutorService senders) {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("load did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
