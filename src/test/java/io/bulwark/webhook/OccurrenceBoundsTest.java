package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.ledger.LedgerRuleViolation;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OccurrenceBoundsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final OccurrenceBounds bounds = bounds(300);

    @Test
    void appliesEventsFromTheYear2000UpToNowPlusTheTolerance() {
        assertEquals(Optional.empty(), bounds.violation(at("2000-01-01T00:00:00Z")));
        assertEquals(Optional.empty(), bounds.violation(at("2026-11-30T12:05:00Z")));
        assertEquals(Optional.empty(), bounds.violation(OffsetDateTime.parse("2026-11-30T13:05:00+01:00")));
        assertEquals(Optional.empty(), bounds.violation(null), "an event that states no time is not bounded");
    }

    @Test
    void refusesAnEventDatedPastTheToleranceNamingTheRule() {
        LedgerRuleViolation ahead = bounds.violation(at("2026-11-30T12:05:00.001Z")).orElseThrow();

        assertEquals(OccurrenceBounds.IN_THE_FUTURE, ahead.rule());
        assertTrue(ahead.getMessage().contains("300 s"), ahead.getMessage());
        assertEquals(OccurrenceBounds.IN_THE_FUTURE, bounds.violation(at("9999-12-31T23:59:59Z")).orElseThrow().rule());
    }

    @Test
    void refusesAnEventDatedBeforeTheYear2000() {
        assertEquals(OccurrenceBounds.TOO_EARLY, bounds.violation(at("1999-12-31T23:59:59.999Z")).orElseThrow().rule());
        assertEquals(OccurrenceBounds.TOO_EARLY, bounds.violation(at("1970-01-01T00:00:00Z")).orElseThrow().rule());
    }

    @Test
    void theToleranceIsTheConfiguredOne() {
        assertEquals(Optional.empty(), bounds(3600).violation(at("2026-11-30T13:00:00Z")));
        assertThrows(LedgerRuleViolation.class, () -> bounds(0).check(at("2026-11-30T12:00:01Z")));
    }

    private static OccurrenceBounds bounds(long toleranceSeconds) {
        OccurrenceBounds bounds = new OccurrenceBounds(Clock.fixed(NOW, ZoneOffset.UTC));
        bounds.toleranceSeconds = toleranceSeconds;
        return bounds;
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }
}
