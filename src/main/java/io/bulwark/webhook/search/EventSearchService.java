package io.bulwark.webhook.search;

import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.WebhookEventRepository;
import io.bulwark.webhook.WebhookEventView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Finds stored events for admins: filtered pages newest first, and one event whole with its history. Reads
 * only; a database that fails answers 503 through the usual mappers, with nothing to undo.
 */
@ApplicationScoped
public class EventSearchService {

    @Inject
    EventSearchRepository search;

    @Inject
    WebhookEventRepository events;

    /** A page of at most {@code limit} events after {@code after} (null: from the newest), and the next page's cursor. */
    public EventPage page(EventFilter filter, PageCursor after, int limit) {
        List<WebhookEventView> read = search.page(filter, after, limit + 1);
        if (read.size() <= limit) {
            return new EventPage(read, null);
        }
        List<WebhookEventView> items = read.subList(0, limit);
        WebhookEventView last = items.get(limit - 1);
        return new EventPage(List.copyOf(items), new PageCursor(last.receivedAt(), last.webhookId()).encode());
    }

    /** The event with its payload and history; 404 when there is none. */
    public WebhookEventView find(UUID webhookId) {
        WebhookEventView event = events.findView(webhookId).orElseThrow(() -> ProblemException.notFound("no webhook event with that id"));
        return event.withHistory(EventHistory.of(event, search.alertsAndReplays(webhookId)));
    }
}
