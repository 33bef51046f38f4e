package io.bulwark.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Ingestion on MicroProfile Metrics. Per source: {@code webhooks.received} (every delivery answered 2xx),
 * {@code webhooks.duplicate} (of those, repeats of a stored delivery) and {@code webhooks.failed} (stored as
 * FAILED because the ledger refused them); sources are configured, so the tag's values are bounded. Group
 * commit: {@code webhook.group.size} (deliveries per shared transaction), {@code webhook.group.linger} (how
 * long a group waited for more members) and {@code webhook.group.split} (groups stored one by one after
 * their shared transaction was refused or failed).
 */
@ApplicationScoped
public class WebhookMetrics {

    @Inject
    MetricRegistry metrics;

    private Histogram groupSize;
    private Timer groupLinger;
    private Counter groupSplit;

    @PostConstruct
    void register() {
        groupSize = metrics.histogram(Metadata.builder().withName("webhook.group.size")
                .withDescription("Deliveries committed in one shared transaction").build());
        groupLinger = metrics.timer(Metadata.builder().withName("webhook.group.linger").withUnit(MetricUnits.SECONDS)
                .withDescription("How long a forming group waited for deliveries being received").build());
        groupSplit = metrics.counter(Metadata.builder().withName("webhook.group.split")
                .withDescription("Groups whose members were stored one by one after the shared transaction was refused or failed").build());
    }

    void accepted(String source, Receipt receipt) {
        Tag tag = new Tag("source", source);
        metrics.counter("webhooks.received", tag).inc();
        if (receipt.duplicate()) {
            metrics.counter("webhooks.duplicate", tag).inc();
        } else if (receipt.status() == WebhookStatus.FAILED) {
            metrics.counter("webhooks.failed", tag).inc();
        }
    }

    void groupFormed(int size, long lingerNanos) {
        groupSize.update(size);
        groupLinger.update(Duration.ofNanos(lingerNanos));
    }

    void groupSplit() {
        groupSplit.inc();
    }
}
