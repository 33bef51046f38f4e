package io.bulwark.webhook;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How many events are FAILED now and since when the oldest of them waits, for the operational gauges. One
 * query on the {@code (status, received_at)} index, read by a background refresh, never by a scrape.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FailedBacklog {

    /** The backlog; {@code oldestReceivedAt} is null when it is empty. */
    public record Figures(long count, Instant oldestReceivedAt) {
    }

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    @MonitoredOperation("webhook.failed-backlog")
    public Figures now() {
        Object[] row = entityManager.createQuery(
                        "SELECT COUNT(e), MIN(e.receivedAt) FROM WebhookEvent e WHERE e.status = :failed", Object[].class)
                .setParameter("failed", WebhookStatus.FAILED)
                .getSingleResult();
        OffsetDateTime oldest = (OffsetDateTime) row[1];
        return new Figures(((Number) row[0]).longValue(), oldest == null ? null : oldest.toInstant());
    }
}
