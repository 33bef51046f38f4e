package io.bulwark.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long after a failed attempt a FAILED event is tried again in the background: {@code base-delay} after
 * the first failure, doubling with each attempt up to {@code max-delay}, plus up to 20% jitter so that events
 * failed together do not come due together; after {@code max-attempts} attempts in all, never (the event
 * stays FAILED, alerted). Every kind of failed attempt counts, a ledger refusal as much as a lock waited on
 * past the query timeout.
 *
 * <p>It gives a delay, not a time: the SQL that stores the next attempt adds it to the database's
 * {@code now()}, the clock that the worker's claim compares with, so a replica whose clock is off neither
 * retries early nor starves an event.
 */
@ApplicationScoped
public class RecoveryPolicy {

    private static final int MAX_DOUBLINGS = 20;

    private Duration baseDelay;
    private Duration maxDelay;
    private int maxAttempts;

    /** For the CDI client proxy, which delegates every call to the instance created by the other constructor. */
    protected RecoveryPolicy() {
    }

    @Inject
    public RecoveryPolicy(@ConfigProperty(name = "webhook.recovery.base-delay", defaultValue = "PT30S") Duration baseDelay,
                          @ConfigProperty(name = "webhook.recovery.max-delay", defaultValue = "PT1H") Duration maxDelay,
                          @ConfigProperty(name = "webhook.recovery.max-attempts", defaultValue = "5") int maxAttempts) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
    }

    /**
     * The delay before the next attempt after {@code attemptsSoFar} attempts, or empty when they are used up.
     *
     * @throws IllegalArgumentException when {@code attemptsSoFar} is below 1: a delay follows a failed attempt
     */
    public Optional<Duration> delayAfter(int attemptsSoFar) {
        if (attemptsSoFar < 1) {
            throw new IllegalArgumentException("a retry follows at least one attempt, not " + attemptsSoFar);
        }
        if (attemptsSoFar >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = baseDelay.multipliedBy(1L << Math.min(attemptsSoFar - 1, MAX_DOUBLINGS));
        if (delay.compareTo(maxDelay) > 0) {
            delay = maxDelay;
        }
        long jitterMillis = ThreadLocalRandom.current().nextLong(delay.toMillis() / 5 + 1);
        return Optional.of(delay.plusMillis(jitterMillis));
    }
}
