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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
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
     * server answers 404 after routing the request to the webhook resource and before any delivery work. The 404
     * closes the connection, as every refusal does, so each request also opens one.
     */
    RunResult floor(String configuration, String baseUrl, int concurrency, int requests, long pid) {
        byte[] empty = new byte[0];
        Driven driven = drive(baseUrl, "bench-no-such-source", "", concurrency, requests, pid,
                (sender, i) -> sender.sendUnsigned(empty), status -> status == 404, i -> { });
        return new RunResult(configuration, concurrency, requests, driven.accepted(), driven.errors(), -1, driven.seconds(),
                driven.latency(), ServerMemory.rssMegabytes(pid), GroupStats.NONE, driven.perRequest(driven.cpuMillis(), requests),
                driven.perRequest(driven.kernelMillis(), requests));
    }

    /**
     * The same server's floor on kept-alive connections: an unauthenticated read of an event, which JAX-RS refuses
     * 401 in its role check, before the resource; nothing closes the connection, where the 404 above does.
     */
    RunResult keptAliveFloor(String configuration, String baseUrl, int concurrency, int requests, long pid) {
        String target = "/api/webhooks/" + UUID.randomUUID();
        Driven driven = drive(baseUrl, "", "", concurrency, requests, pid, (sender, i) -> sender.get(target), status -> status == 401, i -> { });
        return new RunResult(configuration, concurrency, requests, driven.accepted(), driven.errors(), -1, driven.seconds(),
                driven.latency(), ServerMemory.rssMegabytes(pid), GroupStats.NONE, driven.perRequest(driven.cpuMillis(), requests),
                driven.perRequest(driven.kernelMillis(), requests));
    }

    RunResult run(String configuration, String baseUrl, int concurrency, int deliveries, String run, long pid) {
        String secret = TestEnvironment.get().credentials().standardSecret();
        List<DeliveryLoad.Delivery> mix = new ArrayList<>(deliveries);
        List<byte[]> bodies = new ArrayList<>(deliveries);
        for (int i = 0; i < deliveries; i++) {
            mix.add(DeliveryLoad.delivery(run, i));
            bodies.add(mix.get(i).body().getBytes(StandardCharsets.UTF_8));
        }
        Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
        GroupStats.Sample groupsBefore = GroupStats.Sample.scrape(baseUrl);
        Driven driven = drive(baseUrl, TestCredentials.STANDARD_SOURCE, secret, concurrency, deliveries, pid,
                (sender, i) -> sender.send(mix.get(i).deliveryId(), bodies.get(i)), status -> status == 200 || status == 202,
                i -> acknowledgedIds.add(mix.get(i).deliveryId()));
        GroupStats groups = GroupStats.Sample.scrape(baseUrl).since(groupsBefore);
        long verified = DatabaseQueries.count("SELECT count(*) FROM unnest(?::text[]) AS acknowledged(id) "
                + "JOIN webhook_events e ON e.source = 'acme' AND e.delivery_id = acknowledged.id",
                "{" + String.join(",", acknowledgedIds) + "}");
        return new RunResult(configuration, concurrency, deliveries, driven.accepted(), driven.errors(),
                verified + (driven.accepted() - acknowledgedIds.size()), driven.seconds(), driven.latency(), ServerMemory.rssMegabytes(pid),
                groups, driven.perRequest(driven.cpuMillis(), deliveries), driven.perRequest(driven.kernelMillis(), deliveries));
    }

    /** Sends the {@code i}-th request of a run and returns the answer's status; 0 when there was none. */
    @FunctionalInterface
    private interface Request {

        int send(KeepAliveSender sender, int i);
    }

    /** What the senders saw, and the server's CPU over the run (negative when /proc could not tell). */
    private record Driven(long accepted, Map<String, Long> errors, Histogram latency, double seconds, double cpuMillis,
                          double kernelMillis) {

        double perRequest(double millis, int requests) {
            return millis < 0 ? -1 : millis / requests;
        }
    }

    /**
     * Sends {@code count} requests from {@code concurrency} senders, each on its own kept-alive connection and
     * waiting for its answer before sending the next; an answer {@code accepted} counts and is told to
     * {@code whenAccepted} with the request's number, any other is an error.
     */
    private static Driven drive(String baseUrl, String source, String secret, int concurrency, int count, long pid, Request request,
                                IntPredicate accepted, IntConsumer whenAccepted) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong acceptedCount = new AtomicLong();
        AtomicLong connections = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        double cpuBefore = ProcessCpu.millis(pid);
        double kernelBefore = ProcessCpu.kernelMillis(pid);
        long started = System.nanoTime();
        for (int s = 0; s < concurrency; s++) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            senders.execute(() -> {
                try (KeepAliveSender sender = new KeepAliveSender(baseUrl, source, secret)) {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        long sent = System.nanoTime();
                        int status = request.send(sender, i);
                        histogram.recordValue(Math.min((System.nanoTime() - sent) / 1_000, 60_000_000L));
                        if (accepted.test(status)) {
                            acceptedCount.incrementAndGet();
                            whenAccepted.accept(i);
                        } else {
                            errors.merge(status == 0 ? "connection" : "http " + status, 1L, Long::sum);
                        }
                    }
                    connections.addAndGet(sender.connections());
                }
            });
        }
        awaitAll(senders);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMillis = cpuBefore < 0 ? -1 : ProcessCpu.millis(pid) - cpuBefore;
        double kernelMillis = kernelBefore < 0 ? -1 : ProcessCpu.kernelMillis(pid) - kernelBefore;
        Histogram latency = new Histogram(60_000_000L, 3);
        histograms.forEach(latency::add);
        System.out.println("[bench] " + connections.get() + " connections opened for " + count + " requests from " + concurrency + " senders");
        return new Driven(acceptedCount.get(), new TreeMap<>(errors), latency, seconds, cpuMillis, kernelMillis);
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
