package io.bulwark.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Raises an alert in a transaction of its own, for failures noticed outside any unit of work (the database
 * monitor). When the database itself is down the alert cannot be stored; the log line remains.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class StandaloneAlerts {

    @Inject
    Alerts alerts;

    public Alert raise(AlertSeverity severity, String title, String errorClass) {
        return alerts.raise(severity, title, null, null, null, errorClass);
    }
}
