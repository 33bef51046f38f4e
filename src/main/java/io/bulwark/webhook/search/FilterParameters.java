package io.bulwark.webhook.search;

import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.SourceName;
import io.bulwark.webhook.WebhookStatus;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a filter as admins write it, in a query or a request body: the source in any spelling of its name,
 * statuses in any case, times as ISO-8601 instants with an offset. A value that cannot be read is a 400 that
 * names its parameter; a blank one does not narrow.
 */
public final class FilterParameters {

    private FilterParameters() {
    }

    public static EventFilter read(String source, String deliveryId, String type, String status, String receivedFrom,
                                   String receivedTo) {
        OffsetDateTime from = instant("receivedFrom", receivedFrom);
        OffsetDateTime to = instant("receivedTo", receivedTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.badRequest("receivedFrom must be before receivedTo");
        }
        return new EventFilter(source(source), text(deliveryId), text(type), status(status), from, to);
    }

    private static String source(String spelling) {
        if (blank(spelling)) {
            return null;
        }
        return SourceName.canonical(spelling.trim())
                .orElseThrow(() -> ProblemException.badRequest("source must be a source name: 1 to 64 letters, digits, '-' or '_'"));
    }

    private static WebhookStatus status(String status) {
        if (blank(status)) {
            return null;
        }
        try {
            return WebhookStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status must be one of RECEIVED, PROCESSING, PROCESSED, IGNORED, FAILED");
        }
    }

    private static OffsetDateTime instant(String parameter, String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(parameter + " must be an ISO-8601 instant such as 2026-11-30T17:00:00Z");
        }
    }

    private static String text(String value) {
        return blank(value) ? null : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
