package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseMonitorTest {

    private static final long WINDOW = 60_000_000_000L;

    @Test
    void gateLetsTheFirstThroughThenOncePerWindow() {
        DatabaseMonitor.WindowGate gate = new DatabaseMonitor.WindowGate();
        long start = -5_000_000_000L;

        assertEquals(true, gate.open(start, WINDOW), "the very first, whatever the clock reads");
        assertEquals(false, gate.open(start + WINDOW / 2, WINDOW));
        assertEquals(true, gate.open(start + WINDOW + 1, WINDOW));
    }

    @Test
    void preparedStatementConflictsAreRecognisedByStateAndMessage() {
        assertEquals(true, DatabaseMonitor.isPreparedStatementConflict(
                new RuntimeException(new SQLException("ERROR: prepared statement \"S_1\" already exists", "42P05"))));
        assertEquals(true, DatabaseMonitor.isPreparedStatementConflict(
                new SQLException("ERROR: bind message supplies 0 parameters, but prepared statement \"S_3\" requires 2", "08P01")));
        assertEquals(false, DatabaseMonitor.isPreparedStatementConflict(new SQLException("protocol violation", "08P01")),
                "08P01 alone is any protocol violation");
        assertEquals(false, DatabaseMonitor.isPreparedStatementConflict(new SQLException("duplicate key", "23505")));
    }

    @Test
    void slidingWindowForgetsOldFailures() {
        SlidingWindow window = new SlidingWindow(6);
        window.add(0, WINDOW, true, false);
        window.add(1, WINDOW, false, false);

        assertEquals(2, window.totals(2, WINDOW).operations());
        assertEquals(1, window.totals(2, WINDOW).failures());
        assertEquals(0, window.totals(3 * WINDOW, WINDOW).operations(), "two windows later nothing counts");
    }
}
