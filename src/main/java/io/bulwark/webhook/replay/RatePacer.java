package io.bulwark.webhook.replay;

import java.util.concurrent.TimeUnit;

/**
 * Spaces a worker's replays evenly at most {@code perSecond} apart, so a large job takes its time rather than
 * the connections and row locks ingestion needs. A pause longer than one interval (a slow event, a wait for
 * the database) is not made up by a burst.
 */
final class RatePacer {

    private final long intervalNanos;
    private long next;

    RatePacer(double perSecond) {
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.next = System.nanoTime();
    }

    /** Waits until the next replay may start. */
    void await() throws InterruptedException {
        long now = System.nanoTime();
        if (next > now) {
            TimeUnit.NANOSECONDS.sleep(next - now);
            now = next;
        }
        next = now + intervalNanos;
    }
}
