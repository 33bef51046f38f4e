package io.bulwark.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationBackoffTest {

    private final NotificationBackoff backoff = new NotificationBackoff(Duration.ofSeconds(10), Duration.ofMinutes(10), 4);

    @Test
    void delayDoublesWithJitterUpToTheMaximum() {
        assertBetween(backoff.delayAfter(1), 10_000, 12_000);
        assertBetween(backoff.delayAfter(2), 20_000, 24_000);
        assertBetween(backoff.delayAfter(3), 40_000, 48_000);
        assertBetween(backoff.delayAfter(40), 600_000, 720_000);
    }

    @Test
    void attemptsRunOutAtTheMaximum() {
        assertFalse(backoff.exhausted(3));
        assertTrue(backoff.exhausted(4));
    }

    private static void assertBetween(Duration delay, long fromMillis, long toMillis) {
        assertTrue(delay.toMillis() >= fromMillis && delay.toMillis() <= toMillis, delay.toString());
    }
}
