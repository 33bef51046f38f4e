package io.bulwark.webhook.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionDayTest {

    @Test
    void aDayIsNamedByItsUtcDate() {
        assertEquals("webhook_events_p20261130", new PartitionDay(LocalDate.of(2026, 11, 30)).tableName());
    }

    @Test
    void anInstantBelongsToItsUtcDayWhateverTheHour() {
        assertEquals(LocalDate.of(2026, 11, 30), PartitionDay.containing(Instant.parse("2026-11-30T00:00:00Z")).day());
        assertEquals(LocalDate.of(2026, 11, 30), PartitionDay.containing(Instant.parse("2026-11-30T23:59:59.999999Z")).day());
        assertEquals(LocalDate.of(2026, 12, 1), PartitionDay.containing(Instant.parse("2026-12-01T00:00:00Z")).day());
    }

    @Test
    void boundsRunFromMidnightToTheNextMidnightInUtc() {
        PartitionDay day = new PartitionDay(LocalDate.of(2026, 12, 31));
        assertEquals(Instant.parse("2026-12-31T00:00:00Z"), day.from());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), day.until());
        assertEquals("FOR VALUES FROM ('2026-12-31 00:00:00+00') TO ('2027-01-01 00:00:00+00')", day.boundsClause());
    }

    @Test
    void onlyDailyPartitionNamesAreRead() {
        assertEquals(Optional.of(new PartitionDay(LocalDate.of(2024, 2, 29))), PartitionDay.ofTable("webhook_events_p20240229"));
        assertEquals(Optional.empty(), PartitionDay.ofTable("webhook_events_default"));
        assertEquals(Optional.empty(), PartitionDay.ofTable("webhook_events_p20230229"), "not a date");
        assertEquals(Optional.empty(), PartitionDay.ofTable("webhook_events_p2026113"));
        assertEquals(Optional.empty(), PartitionDay.ofTable("webhook_events_p20261130_old"));
        assertEquals(Optional.empty(), PartitionDay.ofTable("webhook_events_expired_p20261130"));
    }

    @Test
    void aDetachedDayIsKnownByItsOwnName() {
        PartitionDay day = new PartitionDay(LocalDate.of(2026, 8, 1));
        assertEquals("webhook_events_expired_p20260801", day.expiredTableName());
        assertEquals(Optional.of(day), PartitionDay.ofExpiredTable(day.expiredTableName()));
        assertEquals(Optional.empty(), PartitionDay.ofExpiredTable(day.tableName()));
        assertEquals(Optional.empty(), PartitionDay.ofExpiredTable("webhook_events_expired_p2026080"));
    }
}
