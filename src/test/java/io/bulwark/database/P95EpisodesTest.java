package io.bulwark.database;

import static io.bulwark.database.P95Episodes.Change.NONE;
import static io.bulwark.database.P95Episodes.Change.RAISED;
import static io.bulwark.database.P95Episodes.Change.RECOVERED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class P95EpisodesTest {

    private static final long WINDOW = TimeUnit.MINUTES.toNanos(5);
    private static final long THRESHOLD = TimeUnit.MILLISECONDS.toNanos(500);
    private static final double SLOW = TimeUnit.MILLISECONDS.toNanos(800);
    private static final double FAST = TimeUnit.MILLISECONDS.toNanos(100);

    private final P95Episodes episodes = new P95Episodes(WINDOW);

    @Test
    void aP95OverItsThresholdForAWholeWindowIsRaisedOnce() {
        assertEquals(NONE, look("webhook.store", SLOW, 0));
        assertEquals(NONE, look("webhook.store", SLOW, 4));
        assertEquals(RAISED, look("webhook.store", SLOW, 5));
        for (int minute = 6; minute < 60; minute++) {
            assertEquals(NONE, look("webhook.store", SLOW, minute), "still the same episode at minute " + minute);
        }
    }

    @Test
    void aShortSlowSpellRaisesNothing() {
        assertEquals(NONE, look("webhook.store", SLOW, 0));
        assertEquals(NONE, look("webhook.store", SLOW, 4));
        assertEquals(NONE, look("webhook.store", FAST, 4.5));
        assertEquals(NONE, look("webhook.store", SLOW, 5), "the window starts again after the p95 came back under");
        assertEquals(NONE, look("webhook.store", SLOW, 9));
        assertEquals(RAISED, look("webhook.store", SLOW, 10));
    }

    @Test
    void recoveryEndsTheEpisodeAndRearmsTheAlert() {
        look("webhook.store", SLOW, 0);
        assertEquals(RAISED, look("webhook.store", SLOW, 5));
        assertEquals(RECOVERED, look("webhook.store", FAST, 6));
        assertEquals(NONE, look("webhook.store", FAST, 7), "recovered once");
        assertEquals(NONE, look("webhook.store", SLOW, 8));
        assertEquals(RAISED, look("webhook.store", SLOW, 13), "a new episode is raised again");
    }

    @Test
    void aP95AtItsThresholdIsNotOverIt() {
        assertEquals(NONE, look("webhook.store", THRESHOLD, 0));
        assertEquals(NONE, look("webhook.store", THRESHOLD, 10));
    }

    @Test
    void operationsHaveEpisodesOfTheirOwn() {
        look("webhook.store", SLOW, 0);
        look("account.find", SLOW, 3);
        assertEquals(RAISED, look("webhook.store", SLOW, 5));
        assertEquals(NONE, look("account.find", SLOW, 5));
        assertEquals(RAISED, look("account.find", SLOW, 8));
    }

    private Enum<?> look(String operation, double p95Nanos, double minute) {
        return episodes.look(operation, p95Nanos, THRESHOLD, (long) (minute * TimeUnit.MINUTES.toNanos(1)));
    }
}
