package io.bulwark.webhook.replay;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Bulk replay on MicroProfile Metrics: {@code webhook.replay.events}, the events this replica's jobs reached,
 * by outcome (processed, failed, ignored, skipped), each series there from the start at 0.
 */
@ApplicationScoped
public class ReplayMetrics {

    @Inject
    MetricRegistry metrics;

    private final Map<ReplayOutcome, Counter> events = new EnumMap<>(ReplayOutcome.class);

    @PostConstruct
    void register() {
        Metadata metadata = Metadata.builder().withName("webhook.replay.events")
                .withDescription("Events bulk replay jobs reached on this replica, by outcome").build();
        for (ReplayOutcome outcome : ReplayOutcome.values()) {
            events.put(outcome, metrics.counter(metadata, new Tag("outcome", outcome.name().toLowerCase(Locale.ROOT))));
        }
    }

    void reached(ReplayOutcome outcome) {
        events.get(outcome).inc();
    }
}
