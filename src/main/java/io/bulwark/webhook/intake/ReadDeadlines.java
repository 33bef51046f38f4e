package io.bulwark.webhook.intake;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends the reads that outlive their deadline. One sweep a second over the reads in progress, rather than a
 * timer per delivery: a cancelled timer stays queued, with its request, until it would have fired, so under
 * load thousands of answered requests would be held in memory for the length of the deadline.
 */
@ApplicationScoped
public class ReadDeadlines {

    private static final long SWEEP_MILLIS = 1_000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<BodyCollector, Long> deadlines = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeping;

    /** Watches the read until {@link #forget} is called, ending it when {@code deadlineNanos} passes. */
    synchronized void watch(BodyCollector read, long deadlineNanos) {
        deadlines.put(read, deadlineNanos);
        if (sweeping == null) {
            sweeping = scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    void forget(BodyCollector read) {
        deadlines.remove(read);
    }

    private void sweep() {
        long now = System.nanoTime();
        deadlines.forEach((read, deadline) -> {
            if (now - deadline >= 0) {
                deadlines.remove(read);
                read.timedOut();
            }
        });
    }

    @PreDestroy
    synchronized void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
    }
}
