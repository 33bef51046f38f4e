package io.bulwark.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Reads a figure every 100 ms on a thread of its own while a fault lasts and keeps the highest value seen: how
 * a test shows that the fault took hold (clients waiting in a paused PgBouncer, sessions waiting on a lock)
 * when the moment it does so cannot be known in advance. A read that fails is skipped: a server under a fault
 * may be slow to answer it.
 */
public final class PeakSampler implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 100;

    private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread sampling;

    private PeakSampler(LongSupplier figure) {
        sampling = new Thread(() -> {
            while (!stop.get()) {
                try {
                    peak.accumulateAndGet(figure.getAsLong(), Math::max);
                    Thread.sleep(INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // Skipped, as the class says; a figure never read leaves the peak at Long.MIN_VALUE.
                }
            }
        }, "peak-sampler");
        sampling.setDaemon(true);
    }

    public static PeakSampler start(LongSupplier figure) {
        PeakSampler sampler = new PeakSampler(figure);
        sampler.sampling.start();
        return sampler;
    }

    /** The highest value read so far; {@link Long#MIN_VALUE} when no read succeeded. */
    public long peak() {
        return peak.get();
    }

    /** Stops sampling, waiting at most for the read in progress. */
    @Override
    public void close() {
        stop.set(true);
        try {
            sampling.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
