package io.bulwark.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids are UUIDs of version 7 (RFC 9562): their first 48 bits are the receipt time in milliseconds. The
 * events table is partitioned by receipt time, and a lookup by id alone would probe every partition (42 ms with
 * 98 daily partitions against 0.5 ms for one, docs/scale-out.md); the id's own time names the few partitions
 * that can hold it. Ids stored before version 7 was used carry no time and are looked up everywhere.
 */
public final class EventIds {

    /**
     * How far the stored receipt time may lie from the id's: the id is drawn by the application, the row's time
     * may come from the database's clock and the commit of a group a little later.
     */
    public static final Duration CLOCK_ALLOWANCE = Duration.ofHours(1);

    private static final int TIME_ORDERED = 7;

    private EventIds() {
    }

    /** A new id carrying {@code receivedAt}; the remaining 74 bits are random. */
    public static UUID receivedAt(Instant receivedAt) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = receivedAt.toEpochMilli();
        long high = (millis << 16) | ((long) TIME_ORDERED << 12) | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** Whether {@code id} was drawn by {@link #receivedAt}, so that {@link #receiptTime} means something. */
    public static boolean carriesReceiptTime(UUID id) {
        return id.variant() == 2 && id.version() == TIME_ORDERED;
    }

    /** The receipt time an id of version 7 carries, to the millisecond. */
    public static Instant receiptTime(UUID id) {
        if (!carriesReceiptTime(id)) {
            throw new IllegalArgumentException("not a time-ordered event id: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}
