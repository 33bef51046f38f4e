package io.bulwark.webhook.search;

import io.bulwark.webhook.EventHistoryEntry;
import io.bulwark.webhook.WebhookEventView;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An event's history from what the database keeps of it: when it was received, its alerts and replays, and
 * its outcome as it stands. Nothing extra is written while a delivery is received: an outcome's time is the
 * event's {@code processedAt}, and a failure's that of the last alert or replay that recorded it (else its
 * receipt).
 */
final class EventHistory {

    /**
     * What happens in one transaction shares its time; among such entries the cause comes first: a receipt or
     * a replay, then the alert it raised, then the outcome.
     */
    private static final List<String> CAUSAL_ORDER = List.of("RECEIVED", "REPLAYED", "ALERTED", "FAILED", "IGNORED", "PROCESSED");

    private EventHistory() {
    }

    static List<EventHistoryEntry> of(WebhookEventView event, List<EventHistoryEntry> alertsAndReplays) {
        List<EventHistoryEntry> entries = new ArrayList<>();
        entries.add(new EventHistoryEntry(event.receivedAt(), "RECEIVED",
                "delivery " + event.deliveryId() + " of type " + event.type() + " from source " + event.source()));
        entries.addAll(alertsAndReplays);
        switch (event.status()) {
            case PROCESSED, IGNORED -> entries.add(new EventHistoryEntry(
                    event.processedAt() == null ? event.receivedAt() : event.processedAt(), event.status().name(),
                    "after " + event.attempts() + " attempt(s)"));
            case FAILED -> entries.add(new EventHistoryEntry(lastKnown(event.receivedAt(), alertsAndReplays), "FAILED",
                    "after " + event.attempts() + " attempt(s): " + event.lastError()));
            default -> {
            }
        }
        entries.sort(Comparator.comparing(EventHistoryEntry::at).thenComparing(entry -> CAUSAL_ORDER.indexOf(entry.what())));
        return entries;
    }

    private static OffsetDateTime lastKnown(OffsetDateTime receivedAt, List<EventHistoryEntry> entries) {
        return entries.stream().map(EventHistoryEntry::at).max(Comparator.naturalOrder()).orElse(receivedAt);
    }
}
