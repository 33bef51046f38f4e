package io.bulwark.webhook.intake;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The heap that deliveries in flight may hold, from the first byte read to the answer sent. A delivery costs
 * about {@value #COST_PER_BODY_BYTE} times its body: the raw bytes, the payload string stored from them and
 * the driver's encoding of that string. A delivery whose whole body is built into a tree, as a JSONata mapping
 * reads it, costs up to {@value #COST_PER_BODY_BYTE_AS_TREE} times (measured: a 1 MiB array of small objects holds
 * 29 MB while it is a tree). Memory is reserved before it is read into, so a sender over budget is
 * refused before its body costs anything, and no number of senders can spend more than the budget.
 *
 * <p>{@code webhook.memory-budget-bytes} sets the budget; 0 (the default) derives it from the heap: half of
 * {@code -Xmx}, leaving the other half to the server, the connection pool and the JIT's working set.
 */
@ApplicationScoped
public class IngestionBudget {

    public static final int COST_PER_BODY_BYTE = 3;
    public static final int COST_PER_BODY_BYTE_AS_TREE = 32;

    @Inject
    @ConfigProperty(name = "webhook.memory-budget-bytes", defaultValue = "0")
    long configuredBytes;

    @Inject
    MetricRegistry metrics;

    private final AtomicLong reserved = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private long limit;
    private Runnable onRefusal;

    @PostConstruct
    void start() {
        if (configuredBytes < 0) {
            throw new IllegalStateException("webhook.memory-budget-bytes (" + configuredBytes + ") must be 0 (derived from the heap) or more");
        }
        Counter refused = metrics.counter(Metadata.builder().withName("webhook.memory.refused")
                .withDescription("Deliveries answered 503 because the memory budget was spent").build());
        limitTo(configuredBytes > 0 ? configuredBytes : Runtime.getRuntime().maxMemory() / 2, refused::inc);
        metrics.gauge(Metadata.builder().withName("webhook.memory.budget").withUnit(MetricUnits.BYTES)
                .withDescription("Heap that deliveries in flight may hold").build(), this, IngestionBudget::limit);
        metrics.gauge(Metadata.builder().withName("webhook.memory.reserved").withUnit(MetricUnits.BYTES)
                .withDescription("Heap held now by deliveries being read, parsed, grouped or written").build(),
                reserved, AtomicLong::get);
        metrics.gauge(Metadata.builder().withName("webhook.deliveries.in-flight")
                .withDescription("Deliveries admitted and not yet answered: being read, handled or written").build(),
                open, AtomicInteger::get);
    }

    /** Sets the budget; {@code onRefusal} is told of every reservation it refuses. */
    void limitTo(long bytes, Runnable onRefusal) {
        this.limit = bytes;
        this.onRefusal = onRefusal;
    }

    /**
     * An empty reservation that grows as the body arrives, at {@code costPerBodyByte} for each byte; close it when
     * the answer has been sent.
     */
    public Reservation open(int costPerBodyByte) {
        open.incrementAndGet();
        return new Reservation(costPerBodyByte);
    }

    long limit() {
        return limit;
    }

    /** Heap reserved by one delivery; every method is safe to call from the container's I/O callbacks. */
    public final class Reservation implements AutoCloseable {

        private final int costPerBodyByte;
        private long held;
        private boolean closed;

        private Reservation(int costPerBodyByte) {
            this.costPerBodyByte = costPerBodyByte;
        }

        /**
         * Reserves enough for a body of {@code bodyBytes}; false (and nothing more reserved) when the budget
         * cannot cover it.
         */
        public synchronized boolean cover(long bodyBytes) {
            long wanted = bodyBytes * costPerBodyByte - held;
            if (closed || wanted <= 0) {
                return !closed;
            }
            long now;
            do {
                now = reserved.get();
                if (now + wanted > limit) {
                    onRefusal.run();
                    return false;
                }
            } while (!reserved.compareAndSet(now, now + wanted));
            held += wanted;
            return true;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
                reserved.addAndGet(-held);
                held = 0;
            }
        }
    }
}
