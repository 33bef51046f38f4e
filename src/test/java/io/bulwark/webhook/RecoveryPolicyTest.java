package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryPolicyTest {

    private static final int DRAWS = 1_000;

    private final RecoveryPolicy policy = new RecoveryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), 5);

    @Test
    void firstRetryComesAfterTheBaseDelayPlusAtMostAFifth() {
        assertAlwaysBetween(1, Duration.ofSeconds(30), Duration.ofSeconds(36));
    }

    @Test
    void eachFailedAttemptDoublesTheDelay() {
        assertAlwaysBetween(2, Duration.ofSeconds(60), Duration.ofSeconds(72));
        assertAlwaysBetween(3, Duration.ofSeconds(120), Duration.ofSeconds(144));
        assertAlwaysBetween(4, Duration.ofSeconds(240), Duration.ofSeconds(288));
    }

    @Test
    void theDelayStopsGrowingAtTheMaximum() {
        RecoveryPolicy patient = new RecoveryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Integer.MAX_VALUE);

        for (int attempts : new int[] {8, 9, 30, 1_000_000}) {
            for (int i = 0; i < DRAWS; i++) {
                Duration delay = patient.delayAfter(attempts).orElseThrow();
                assertTrue(delay.compareTo(Duration.ofHours(1)) >= 0 && delay.compareTo(Duration.ofMinutes(72)) <= 0,
                        "after " + attempts + " attempts: " + delay);
            }
        }
    }

    @Test
    void eventsFailedTogetherDoNotComeDueTogether() {
        Set<Duration> delays = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            delays.add(policy.delayAfter(1).orElseThrow());
        }

        assertTrue(delays.size() > DRAWS / 2, "jittered: " + delays.size() + " distinct delays of " + DRAWS);
    }

    @Test
    void noFurtherAttemptOnceTheAttemptsAreUsedUp() {
        assertTrue(policy.delayAfter(4).isPresent(), "the fifth attempt is still planned");
        assertEquals(Optional.empty(), policy.delayAfter(5));
        assertEquals(Optional.empty(), policy.delayAfter(6));
    }

    @Test
    void aSingleAttemptPolicyNeverRetries() {
        assertEquals(Optional.empty(), new RecoveryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), 1).delayAfter(1));
    }

    @Test
    void aDelayOnlyFollowsAnAttempt() {
        assertThrows(IllegalArgumentException.class, () -> policy.delayAfter(0));
    }

    private void assertAlwaysBetween(int attempts, Duration least, Duration most) {
        for (int i = 0; i < DRAWS; i++) {
            Duration delay = policy.delayAfter(attempts).orElseThrow();
            assertTrue(delay.compareTo(least) >= 0 && delay.compareTo(most) <= 0, "after " + attempts + " attempts: " + delay);
        }
    }
}
