package io.bulwark.webhook.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.webhook.EventHistoryEntry;
import io.bulwark.webhook.WebhookEventView;
import io.bulwark.webhook.WebhookStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-30T17:00:00Z");
    private static final OffsetDateTime REPLAYED = RECEIVED.plusMinutes(5);

    @Test
    void causeComesBeforeWhatItCausedInOneTransaction() {
        List<EventHistoryEntry> history = EventHistory.of(event(WebhookStatus.FAILED, null, 2), List.of(
                new EventHistoryEntry(RECEIVED, "ALERTED", "at receipt"),
                new EventHistoryEntry(REPLAYED, "ALERTED", "replay failed"),
                new EventHistoryEntry(REPLAYED, "REPLAYED", "by hand")));

        assertEquals(List.of("RECEIVED", "ALERTED", "REPLAYED", "ALERTED", "FAILED"), history.stream().map(EventHistoryEntry::what).toList());
        EventHistoryEntry failed = history.get(4);
        assertEquals(REPLAYED, failed.at(), "failed when the last replay failed");
        assertTrue(failed.detail().contains("2 attempt(s)") && failed.detail().contains("CurrencyMismatch"), failed.detail());
    }

    @Test
    void outcomeIsDatedWhenTheEventWasApplied() {
        OffsetDateTime processed = RECEIVED.plusSeconds(1);
        List<EventHistoryEntry> history = EventHistory.of(event(WebhookStatus.PROCESSED, processed, 1), List.of());

        assertEquals(List.of(new EventHistoryEntry(RECEIVED, "RECEIVED", "delivery evt_1 of type transaction.created from source acme"),
                new EventHistoryEntry(processed, "PROCESSED", "after 1 attempt(s)")), history);
    }

    @Test
    void eventNotYetAppliedHasOnlyItsReceipt() {
        assertEquals(List.of("RECEIVED"), EventHistory.of(event(WebhookStatus.RECEIVED, null, 0), List.of()).stream()
                .map(EventHistoryEntry::what).toList());
    }

    private static WebhookEventView event(WebhookStatus status, OffsetDateTime processedAt, int attempts) {
        return new WebhookEventView(UUID.randomUUID(), "acme", "acme", "evt_1", "transaction.created", status, attempts,
                status == WebhookStatus.FAILED ? "CurrencyMismatch: USD on a EUR account" : null, null, RECEIVED, processedAt, null, null);
    }
}
