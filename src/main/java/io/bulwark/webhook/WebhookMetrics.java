package io.bulwark.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Ingestion on MicroProfile Metrics. Per source: {@code webhooks.received} (every delivery answered 2xx),
 * {@code webhooks.duplicate} (of those, repeats of a stored delivery), {@code webhooks.failed} (stored as
 * FAILED because the ledger refused them) and {@code webhooks.rejected} by answered {@code status} (see
 * {@link DeliveryOutcomes}). Every series of every configured source is registered when the application
 * starts, at 0, so that a rate over a source that has only ever failed is a rate and not an absent series;
 * sources are configured, so the label's values are bounded, and a delivery to a name that is no source is
 * counted under the one label {@value #UNKNOWN_SOURCE}, which no canonical name can spell (its 404s only). Counting looks up
 * counters made in advance and allocates nothing. Group commit: {@code webhook.group.size} (deliveries per
 * shared transaction), {@code webhook.group.linger} (how long a group waited for more members) and
 * {@code webhook.group.split} (groups stored one by one after their shared transaction was refused or failed).
 */
@ApplicationScoped
public class WebhookMetrics {

    static final String RECEIVED = "webhooks.received";
    static final String DUPLICATE = "webhooks.duplicate";
    static final String FAILED = "webhooks.failed";
    static final String REJECTED = "webhooks.rejected";
    /** Canonical source names are lower case with {@code -}, so a name with {@code _} is never a source's. */
    static final String UNKNOWN_SOURCE = "_unknown";

    @Inject
    MetricRegistry metrics;

    @Inject
    WebhookSources sources;

    private Histogram groupSize;
    private Timer groupLinger;
    private Counter groupSplit;
    private Map<String, SourceOutcomes> bySource = Map.of();
    private SourceOutcomes[] everySource = new SourceOutcomes[0];
    private SourceOutcomes unknownSource;

    @PostConstruct
    void register() {
        groupSize = metrics.histogram(Metadata.builder().withName("webhook.group.size")
                .withDescription("Deliveries committed in one shared transaction").build());
        groupLinger = metrics.timer(Metadata.builder().withName("webhook.group.linger").withUnit(MetricUnits.SECONDS)
                .withDescription("How long a forming group waited for deliveries being received").build());
        groupSplit = metrics.counter(Metadata.builder().withName("webhook.group.split")
                .withDescription("Groups whose members were stored one by one after the shared transaction was refused or failed").build());
        Map<String, SourceOutcomes> outcomes = new HashMap<>();
        for (String source : sources.names()) {
            outcomes.put(source, outcomesOf(source));
        }
        bySource = Map.copyOf(outcomes);
        everySource = bySource.values().toArray(new SourceOutcomes[0]);
        Counter[] notFound = new Counter[SourceOutcomes.STATUSES.length];
        notFound[SourceOutcomes.indexOf(404)] = rejection(UNKNOWN_SOURCE, "404");
        unknownSource = new SourceOutcomes(UNKNOWN_SOURCE, null, null, null, notFound);
    }

    /** Observing the application's start creates the bean, and with it every source's series. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // The call itself is the point: CDI creates the bean (and registers the series) to deliver it.
    }

    void accepted(String source, Receipt receipt) {
        SourceOutcomes outcomes = bySource.get(source);
        if (outcomes == null) {
            return;
        }
        outcomes.received().inc();
        if (receipt.duplicate()) {
            outcomes.duplicate().inc();
        } else if (receipt.status() == WebhookStatus.FAILED) {
            outcomes.failed().inc();
        }
    }

    /**
     * The outcomes of the source a delivery's path segment reaches, by any spelling of its name
     * ({@link SourceName}), else those of {@value #UNKNOWN_SOURCE}; compared in place, without allocating.
     */
    SourceOutcomes deliveryTo(String path, int from) {
        for (SourceOutcomes outcomes : everySource) {
            if (spells(path, from, outcomes.source())) {
                return outcomes;
            }
        }
        return unknownSource;
    }

    void groupFormed(int size, long lingerNanos) {
        groupSize.update(size);
        groupLinger.update(Duration.ofNanos(lingerNanos));
    }

    void groupSplit() {
        groupSplit.inc();
    }

    private SourceOutcomes outcomesOf(String source) {
        return new SourceOutcomes(source,
                counter(RECEIVED, "Deliveries answered 2xx (stored, or a duplicate of a stored one)", source),
                counter(DUPLICATE, "Deliveries answered 2xx as a repeat of a stored delivery", source),
                counter(FAILED, "Deliveries stored as FAILED because the ledger refused them", source),
                rejections(source));
    }

    private Counter[] rejections(String source) {
        Counter[] counters = new Counter[SourceOutcomes.STATUSES.length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = rejection(source, SourceOutcomes.STATUSES[i]);
        }
        return counters;
    }

    private Counter rejection(String source, String status) {
        return metrics.counter(Metadata.builder().withName(REJECTED)
                .withDescription("Deliveries answered 4xx or 5xx, by source and status").build(),
                new Tag("source", source), new Tag("status", status));
    }

    private Counter counter(String name, String description, String source) {
        return metrics.counter(Metadata.builder().withName(name).withDescription(description).build(), new Tag("source", source));
    }

    /** Whether {@code path} from {@code from} to its end is a spelling of the canonical name {@code source}. */
    static boolean spells(String path, int from, String source) {
        if (path.length() - from != source.length()) {
            return false;
        }
        for (int i = 0; i < source.length(); i++) {
            char c = path.charAt(from + i);
            char canonical = c == '_' ? '-' : c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (canonical != source.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
