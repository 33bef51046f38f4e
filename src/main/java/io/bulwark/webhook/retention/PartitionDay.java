package io.bulwark.webhook.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One UTC day of {@code webhook_events}: the partition named {@code webhook_events_pYYYYMMDD} that holds the
 * events received from that day's midnight (inclusive) to the next one (exclusive).
 */
public record PartitionDay(LocalDate day) implements Comparable<PartitionDay> {

    static final String PREFIX = "webhook_events_p";
    static final String EXPIRED_PREFIX = "webhook_events_expired_p";

    private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern NAME = Pattern.compile(PREFIX + "\\d{8}");
    private static final Pattern EXPIRED_NAME = Pattern.compile(EXPIRED_PREFIX + "\\d{8}");

    /** The day on which {@code instant} falls, in UTC. */
    public static PartitionDay containing(Instant instant) {
        return new PartitionDay(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /** The day a partition's table name stands for; empty for a table that is not a daily partition. */
    public static Optional<PartitionDay> ofTable(String tableName) {
        return parse(tableName, NAME, PREFIX);
    }

    /** The day a detached, expired partition's table name stands for; empty for any other table. */
    public static Optional<PartitionDay> ofExpiredTable(String tableName) {
        return parse(tableName, EXPIRED_NAME, EXPIRED_PREFIX);
    }

    private static Optional<PartitionDay> parse(String tableName, Pattern name, String prefix) {
        if (!name.matcher(tableName).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PartitionDay(LocalDate.parse(tableName.substring(prefix.length()), NAME_DATE)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public String tableName() {
        return PREFIX + day.format(NAME_DATE);
    }

    /** The name the day's table takes once it is detached past retention, until it is dropped. */
    public String expiredTableName() {
        return EXPIRED_PREFIX + day.format(NAME_DATE);
    }

    /** The first instant of the day: the partition's inclusive lower bound. */
    public Instant from() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant of the next day: the partition's exclusive upper bound. */
    public Instant until() {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public PartitionDay plusDays(long days) {
        return new PartitionDay(day.plusDays(days));
    }

    /** The partition bound clause, with literal UTC timestamps that read the same in every session time zone. */
    String boundsClause() {
        return "FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
    }

    @Override
    public int compareTo(PartitionDay other) {
        return day.compareTo(other.day);
    }
}
