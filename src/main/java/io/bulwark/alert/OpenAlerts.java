package io.bulwark.alert;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * How many alerts nobody has acknowledged yet, for the operational gauges; counted on the partial index of
 * unacknowledged alerts by a background refresh, never by a scrape.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OpenAlerts {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    @MonitoredOperation("alert.count-open")
    public long count() {
        return entityManager.createQuery("SELECT COUNT(a) FROM Alert a WHERE a.acknowledged = false", Long.class)
                .getSingleResult();
    }
}
