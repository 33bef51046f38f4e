package io.bulwark.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts accepted deliveries per source on MicroProfile Metrics: {@code webhooks.received} (every delivery
 * answered 2xx), {@code webhooks.duplicate} (of those, repeats of a stored delivery) and
 * {@code webhooks.failed} (stored as FAILED because the ledger refused them). Sources are configured, so
 * the tag's values are bounded.
 */
@ApplicationScoped
public class WebhookMetrics {

    @Inject
    MetricRegistry metrics;

    void accepted(String source, Receipt receipt) {
        Tag tag = new Tag("source", source);
        metrics.counter("webhooks.received", tag).inc();
        if (receipt.duplicate()) {
            metrics.counter("webhooks.duplicate", tag).inc();
        } else if (receipt.status() == WebhookStatus.FAILED) {
            metrics.counter("webhooks.failed", tag).inc();
        }
    }
}
