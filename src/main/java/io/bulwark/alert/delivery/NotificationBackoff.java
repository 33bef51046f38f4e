package io.bulwark.alert.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed alert delivery is tried again: {@code base-delay} after the first failure, doubling up to
 * {@code max-delay}, plus up to 20% jitter so that alerts failed together (a receiver that was down) do not all
 * come back at once; after {@code max-attempts} attempts, never.
 */
public final class NotificationBackoff {

    private static final int MAX_DOUBLINGS = 20;

    private final Duration baseDelay;
    private final Duration maxDelay;
    private final int maxAttempts;

    public NotificationBackoff(Duration baseDelay, Duration maxDelay, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("alert.webhook.max-attempts must be at least 1, not " + maxAttempts);
        }
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
    }

    /** Whether {@code attemptsSoFar} failed attempts are all an alert gets. */
    public boolean exhausted(int attemptsSoFar) {
        return attemptsSoFar >= maxAttempts;
    }

    /** The delay before the attempt after {@code attemptsSoFar} failed ones. */
    public Duration delayAfter(int attemptsSoFar) {
        Duration delay = baseDelay.multipliedBy(1L << Math.min(Math.max(attemptsSoFar - 1, 0), MAX_DOUBLINGS));
        if (delay.compareTo(maxDelay) > 0) {
            delay = maxDelay;
        }
        return delay.plusMillis(ThreadLocalRandom.current().nextLong(delay.toMillis() / 5 + 1));
    }
}
