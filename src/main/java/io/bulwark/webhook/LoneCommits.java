package io.bulwark.webhook;

import io.bulwark.database.ExponentialBackoff;
import io.bulwark.database.TransientDatabaseException;
import io.bulwark.ledger.LedgerRuleViolation;
import io.bulwark.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * Commits one delivery in a transaction of its own: the way on for a delivery whose group could not commit
 * (see {@link DeliveryGroups}). When the ledger refuses it, or its data cannot be applied, it is stored as
 * FAILED with an alert in a second transaction, so it is never lost and can be replayed, and the sender is
 * acknowledged because the delivery is stored.
 *
 * <p>A transient failure is retried up to 2 times, after 50 ms and then 100 ms (with jitter, see
 * {@link ExponentialBackoff}), each attempt a whole new transaction, so a delivery has at most four attempts
 * counting its group's; retrying cannot apply anything twice because the first committed attempt holds the
 * (source, delivery id) key and later ones find it. When attempts run out, or the circuit breaker of
 * {@link DeliveryCommits} is open, the failure reaches the sender as 503 with Retry-After.
 */
@ApplicationScoped
public class LoneCommits {

    private static final Logger LOG = Logger.getLogger(LoneCommits.class.getName());

    @Inject
    DeliveryCommits commits;

    @Inject
    DeliveryStore store;

    @Retry(retryOn = TransientDatabaseException.class, abortOn = {ProblemException.class, FaultToleranceException.class},
            maxRetries = 2, delay = 0, jitter = 0, maxDuration = 20_000)
    @ExponentialBackoff
    public Receipt commit(Delivery delivery) {
        Throwable failure;
        try {
            DeliveryStore.GroupOutcome outcome = commits.commit(List.of(delivery));
            if (outcome.refusal() == null) {
                return outcome.receipts().get(0);
            }
            failure = outcome.refusal();
        } catch (TransientDatabaseException | FaultToleranceException e) {
            throw e;
        } catch (RuntimeException e) {
            failure = e;
        }
        LOG.log(Level.WARNING, "Delivery {0} from {1} ({2}) could not be applied; storing it as FAILED",
                new Object[] {delivery.deliveryId(), delivery.source(), delivery.event().type()});
        try {
            return store.storeFailed(delivery, failure);
        } catch (RuntimeException e) {
            throw TransientDatabaseException.rethrow(e);
        }
    }

    /** Stores a delivery the ledger refuses before it is tried, as FAILED with an alert; retried like {@link #commit}. */
    @Retry(retryOn = TransientDatabaseException.class, abortOn = {ProblemException.class, FaultToleranceException.class},
            maxRetries = 2, delay = 0, jitter = 0, maxDuration = 20_000)
    @ExponentialBackoff
    public Receipt storeFailed(Delivery delivery, LedgerRuleViolation refusal) {
        LOG.log(Level.WARNING, "Delivery {0} from {1} ({2}) is not applied ({3}); storing it as FAILED",
                new Object[] {delivery.deliveryId(), delivery.source(), delivery.event().type(), refusal.rule()});
        try {
            return store.storeFailed(delivery, refusal);
        } catch (RuntimeException e) {
            throw TransientDatabaseException.rethrow(e);
        }
    }
}
