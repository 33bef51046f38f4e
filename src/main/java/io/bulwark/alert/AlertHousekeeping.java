package io.bulwark.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Alerts of a standing condition, raised once however often it is seen, and the purge of alerts past
 * retention. Joins the caller's transaction, or runs in one of its own.
 */
@ApplicationScoped
@Transactional
public class AlertHousekeeping {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    @Inject
    Alerts alerts;

    /** Raises the alert unless one with this title exists (acknowledged or not); true when it was raised. */
    public boolean raiseOnce(AlertSeverity severity, String title) {
        Long raised = entityManager.createQuery("SELECT COUNT(a) FROM Alert a WHERE a.title = :title", Long.class)
                .setParameter("title", title)
                .getSingleResult();
        if (raised > 0) {
            return false;
        }
        alerts.raise(severity, title, null, null, null, null);
        return true;
    }

    /** Deletes every alert created before {@code cutoff}, acknowledged or not; returns how many. */
    public int purgeCreatedBefore(Instant cutoff) {
        return entityManager.createQuery("DELETE FROM Alert a WHERE a.createdAt < :cutoff")
                .setParameter("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .executeUpdate();
    }
}
