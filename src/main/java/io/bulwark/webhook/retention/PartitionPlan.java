package io.bulwark.webhook.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What one maintenance run is to do to the daily partitions, worked out from the database's clock and the
 * partitions there are: which days to create (today and the {@code daysAhead} after it), and which to drop
 * (every daily partition whose last instant is older than the retention). Tables that are not daily
 * partitions are never touched.
 *
 * @param create the days to create, oldest first
 * @param expired the days past retention, oldest first; none without a retention
 * @param alertCutoff alerts created before it are past retention; empty without a retention
 */
public record PartitionPlan(List<PartitionDay> create, List<PartitionDay> expired, Optional<Instant> alertCutoff) {

    /**
     * @param now       the database's clock
     * @param daysAhead how many days after today must have their partition already
     * @param retention how long events and alerts are kept; empty to keep them forever
     * @param tables    the names of the partitions of {@code webhook_events}
     */
    public static PartitionPlan of(Instant now, int daysAhead, Optional<Duration> retention, Collection<String> tables) {
        Set<PartitionDay> existing = tables.stream().map(PartitionDay::ofTable).flatMap(Optional::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        PartitionDay today = PartitionDay.containing(now);
        List<PartitionDay> create = LongStream.rangeClosed(0, daysAhead).mapToObj(today::plusDays)
                .filter(day -> !existing.contains(day)).toList();
        Optional<Instant> cutoff = retention.map(now::minus);
        List<PartitionDay> expired = cutoff
                .map(before -> existing.stream().filter(day -> !day.until().isAfter(before)).toList())
                .orElse(List.of());
        return new PartitionPlan(create, expired, cutoff);
    }
}
