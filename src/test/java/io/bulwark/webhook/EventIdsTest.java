package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void anIdCarriesItsReceiptTimeToTheMillisecond() {
        Instant received = Instant.parse("2026-11-30T17:42:13.123456Z");

        UUID id = EventIds.receivedAt(received);

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertTrue(EventIds.carriesReceiptTime(id));
        assertEquals(Instant.parse("2026-11-30T17:42:13.123Z"), EventIds.receiptTime(id));
    }

    @Test
    void idsOfOneMillisecondDifferAndSortByTimeAcrossMilliseconds() {
        Instant received = Instant.parse("2026-11-30T17:42:13.123Z");
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EventIds.receivedAt(received));
        }

        assertEquals(100_000, ids.size());
        assertTrue(EventIds.receivedAt(received).toString()
                .compareTo(EventIds.receivedAt(received.plusMillis(1)).toString()) < 0);
    }

    @Test
    void randomIdsOfEarlierVersionsCarryNoTime() {
        UUID legacy = UUID.randomUUID();

        assertFalse(EventIds.carriesReceiptTime(legacy));
        assertThrows(IllegalArgumentException.class, () -> EventIds.receiptTime(legacy));
    }
}
