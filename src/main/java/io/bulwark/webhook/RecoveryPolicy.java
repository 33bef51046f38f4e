package io.bulwark.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When a FAILED event is tried again in the background: {@code base-delay} after the first failure, doubling
 * with each attempt up to {@code max-delay}, with up to 20% jitter so that events failed together do not come
 * due together; after {@code max-attempts} attempts in all, never (the event stays FAILED, alerted).
 */
@ApplicationScoped
public class RecoveryPolicy {

    @Inject
    @ConfigProperty(name = "webhook.recovery.base-delay", defaultValue = "PT30S")
    Duration baseDelay;

    @Inject
    @ConfigProperty(name = "webhook.recovery.max-delay", defaultValue = "PT1H")
    Duration maxDelay;

    @Inject
    @ConfigProperty(name = "webhook.recovery.max-attempts", defaultValue = "5")
    int maxAttempts;

    /** When to try again after {@code attemptsSoFar} attempts, or null when they are used up. */
    public OffsetDateTime nextAttemptAfter(int attemptsSoFar) {
        if (attemptsSoFar >= maxAttempts) {
            return null;
        }
        Duration delay = baseDelay.multipliedBy(1L << Math.min(attemptsSoFar - 1, 20));
        if (delay.compareTo(maxDelay) > 0) {
            delay = maxDelay;
        }
        long jitterMillis = ThreadLocalRandom.current().nextLong(delay.toMillis() / 5 + 1);
        return OffsetDateTime.now(ZoneOffset.UTC).plus(delay).plusNanos(jitterMillis * 1_000_000);
    }
}
