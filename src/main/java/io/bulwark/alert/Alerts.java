package io.bulwark.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises an alert inside the transaction that records what went wrong, so it exists exactly when the failure
 * is recorded; there must be one. Alerts and their log lines name the delivery (source, type, webhook id) and
 * the class of the error, never the payload.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class.getName());

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    public Alert raise(AlertSeverity severity, String title, String source, String eventType, UUID webhookId,
                       String errorClass) {
        Alert alert = new Alert(severity, title, source, eventType, webhookId, errorClass);
        entityManager.persist(alert);
        LOG.log(Level.WARNING, "Alert {0}: {1} (source {2}, type {3}, webhook {4}, error {5})",
                new Object[] {alert.getId(), title, source, eventType, webhookId, errorClass});
        return alert;
    }
}
