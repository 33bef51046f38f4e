package io.bulwark.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Senders that each keep sending their own sequence of signed deliveries until told to stop, bounded in count
 * and in time, and remember when each delivery was sent and answered: for load that runs through a fault,
 * where what matters is who was answered what, and when.
 */
public final class TimedSenders {

    /** One sending: which sender, what it sent, when, and the answer. */
    public record Sent(int sender, DeliveryLoad.Outcome outcome, Instant sentAt, Instant answeredAt) {

        public Duration waited() {
            return Duration.between(sentAt, answeredAt);
        }

        /** Whether the sending was in flight at some moment between {@code from} and {@code to}. */
        public boolean overlaps(Instant from, Instant to) {
            return sentAt.isBefore(to) && answeredAt.isAfter(from);
        }
    }

    /** What sender {@code sender} sends as its {@code n}-th delivery. */
    public interface Script {
        DeliveryLoad.Delivery delivery(int sender, int n);
    }

    private final DeliveryLoad load = new DeliveryLoad();
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool;
    private final Instant deadline;

    private TimedSenders(String baseUrl, int senders, int maxPerSender, Duration limit, Duration pause, Script script) {
        this.pool = Executors.newFixedThreadPool(senders);
        this.deadline = Instant.now().plus(limit);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            pool.execute(() -> {
                for (int n = 0; n < maxPerSender && !stop.get() && Instant.now().isBefore(deadline); n++) {
                    Instant sentAt = Instant.now();
                    DeliveryLoad.Outcome outcome = load.send(baseUrl, script.delivery(sender, n));
                    sent.add(new Sent(sender, outcome, sentAt, Instant.now()));
                    sleep(pause.toMillis());
                }
            });
        }
        pool.shutdown();
    }

    /**
     * Starts {@code senders} threads sending to {@code baseUrl}; each stops after {@code maxPerSender}
     * deliveries, after {@code limit}, or at {@link #stop()}, whichever comes first.
     */
    public static TimedSenders start(String baseUrl, int senders, int maxPerSender, Duration limit, Duration pause, Script script) {
        return new TimedSenders(baseUrl, senders, maxPerSender, limit, pause, script);
    }

    /** Lets every sender finish the delivery it is sending and returns every sending, in no particular order. */
    public List<Sent> stop() {
        stop.set(true);
        try {
            if (!pool.awaitTermination(3, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                throw new IllegalStateException("senders still waiting for answers 3 minutes after being stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(sent);
    }

    /** Every sending's outcome, for {@link LedgerAudit} and {@link DeliveryLoad#statusCounts}. */
    public static List<DeliveryLoad.Outcome> outcomes(List<Sent> sent) {
        return sent.stream().map(Sent::outcome).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
