package io.bulwark.alert;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Lets operators read alerts and acknowledge them; {@link Alerts} raises them. */
@ApplicationScoped
@Transactional
public class AlertService {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    /** The newest alerts first; {@code acknowledged} null for all. */
    @MonitoredOperation("alert.list")
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
    public Optional<Alert> acknowledge(UUID id, String by) {
        Optional<Alert> alert = Optional.ofNullable(entityManager.find(Alert.class, id));
        alert.ifPresent(found -> found.acknowledge(by));
        return alert;
    }
}
