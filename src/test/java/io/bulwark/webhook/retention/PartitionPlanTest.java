package io.bulwark.webhook.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {

    private static final Instant NOW = Instant.parse("2026-11-30T17:30:00Z");

    @Test
    void todayAndTheDaysAheadAreCreatedWhenMissing() {
        PartitionPlan plan = PartitionPlan.of(NOW, 3, Optional.empty(), List.of("webhook_events_p20261201", "webhook_events_default"));
        assertEquals(List.of(day(2026, 11, 30), day(2026, 12, 2), day(2026, 12, 3)), plan.create());
    }

    @Test
    void withoutRetentionNothingExpires() {
        PartitionPlan plan = PartitionPlan.of(NOW, 0, Optional.empty(), List.of("webhook_events_p20000101"));
        assertEquals(List.of(), plan.expired());
        assertEquals(Optional.empty(), plan.alertCutoff());
    }

    @Test
    void aDayExpiresOnlyOnceItsLastInstantIsPastRetention() {
        List<String> tables = List.of("webhook_events_p20261028", "webhook_events_p20261029", "webhook_events_p20261030",
                "webhook_events_p20261031", "webhook_events_p20261130", "webhook_events_default", "webhook_events_archive");
        PartitionPlan plan = PartitionPlan.of(NOW, 0, Optional.of(Duration.ofDays(31)), tables);
        assertEquals(List.of(day(2026, 10, 28), day(2026, 10, 29)), plan.expired(),
                "the 30th ends at 31 Oct 00:00, after the cutoff 30 Oct 17:30: some of it is younger than 31 days");
        assertEquals(Optional.of(Instant.parse("2026-10-30T17:30:00Z")), plan.alertCutoff());
    }

    @Test
    void aDayEndingExactlyAtTheCutoffExpires() {
        PartitionPlan plan = PartitionPlan.of(Instant.parse("2026-11-30T00:00:00Z"), 0, Optional.of(Duration.ofDays(1)),
                List.of("webhook_events_p20261128", "webhook_events_p20261129"));
        assertEquals(List.of(day(2026, 11, 28)), plan.expired());
    }

    @Test
    void expiredDaysComeOldestFirst() {
        PartitionPlan plan = PartitionPlan.of(NOW, 0, Optional.of(Duration.ofHours(1)),
                List.of("webhook_events_p20261127", "webhook_events_p20251231", "webhook_events_p20261101"));
        assertEquals(List.of(day(2025, 12, 31), day(2026, 11, 1), day(2026, 11, 27)), plan.expired());
    }

    private static PartitionDay day(int year, int month, int dayOfMonth) {
        return new PartitionDay(LocalDate.of(year, month, dayOfMonth));
    }
}
