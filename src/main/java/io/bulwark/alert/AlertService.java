package io.bulwark.alert;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises alerts for operators and lets them acknowledge them. An alert is stored in the transaction that
 * records what went wrong, so it exists exactly when the failure is recorded. Alerts and their log lines
 * name the delivery (source, type, webhook id) and the class of the error, never the payload.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class.getName());

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raise(AlertSeverity severity, String title, String source, String eventType, UUID webhookId,
                       String errorClass) {
        Alert alert = new Alert(severity, title, source, eventType, webhookId, errorClass);
        entityManager.persist(alert);
        LOG.log(Level.WARNING, "Alert {0}: {1} (source {2}, type {3}, webhook {4}, error {5})",
                new Object[] {alert.getId(), title, source, eventType, webhookId, errorClass});
        return alert;
    }

    /**
     * Raises an alert in a transaction of its own, for failures noticed outside any unit of work (the
     * database monitor). When the database itself is down the alert cannot be stored; the log line remains.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Alert raiseAlone(AlertSeverity severity, String title, String errorClass) {
        return raise(severity, title, null, null, null, errorClass);
    }

    /** The newest alerts first; {@code acknowledged} null for all. */
    @MonitoredOperation("alert.list")
    @Transactional
    public List<Alert> list(Boolean acknowledged, int limit) {
        if (acknowledged == null) {
            return entityManager.createNamedQuery("Alert.findAll", Alert.class).setMaxResults(limit).getResultList();
        }
        return entityManager.createNamedQuery("Alert.findByAcknowledged", Alert.class)
                .setParameter("acknowledged", acknowledged)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Acknowledges the alert; acknowledging it again keeps the first acknowledgement. Empty for an unknown id. */
    @MonitoredOperation("alert.acknowledge")
    @Transactional
    public Optional<Alert> acknowledge(UUID id, String by) {
        Optional<Alert> alert = Optional.ofNullable(entityManager.find(Alert.class, id));
        alert.ifPresent(found -> found.acknowledge(by));
        return alert;
    }
}
