package io.bulwark.webhook;

import io.bulwark.database.TransientDatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Every transaction that stores deliveries, a group's or a lone delivery's, passes this one circuit breaker,
 * so a group that fails counts once, as one failed transaction, however many deliveries it held. The
 * breaker opens when half of 20 transactions failed transiently and probes again after 2 s: while it is
 * open, an unreachable database costs a delivery milliseconds (answered 503) rather than a pool timeout.
 * Retrying is the callers' business: a group's members are committed again alone ({@link LoneCommits}).
 */
@ApplicationScoped
public class DeliveryCommits {

    @Inject
    DeliveryStore store;

    /**
     * Stores and applies the deliveries in one transaction (see {@link DeliveryStore#storeAndApply}).
     *
     * @throws TransientDatabaseException when the transaction failed in a way another attempt may not meet
     * @throws org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException while the breaker is open
     */
    @CircuitBreaker(failOn = TransientDatabaseException.class, requestVolumeThreshold = 20, failureRatio = 0.5,
            delay = 2_000, successThreshold = 3)
    public DeliveryStore.GroupOutcome commit(List<Delivery> deliveries) {
        try {
            return store.storeAndApply(deliveries);
        } catch (RuntimeException failure) {
            throw TransientDatabaseException.rethrow(failure);
        }
    }
}
