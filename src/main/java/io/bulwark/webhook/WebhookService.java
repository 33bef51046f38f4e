package io.bulwark.webhook;

import io.bulwark.database.ExponentialBackoff;
import io.bulwark.database.FailureClassifier;
import io.bulwark.database.TransientDatabaseException;
import io.bulwark.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Receives verified deliveries and operates on stored ones.
 *
 * <p>A delivery is stored and applied in one transaction, which it shares with the deliveries stored at the
 * same time (see {@link DeliveryGroups}). When applying it fails for a reason that another
 * attempt in the same state would not cure (a ledger rule, bad data), that transaction is rolled back and
 * the delivery is stored as FAILED with an alert in a second one, so it is never lost and can be replayed;
 * the sender is still acknowledged, because the delivery is stored.
 *
 * <p>Resilience (MicroProfile Fault Tolerance, tunable with the standard
 * {@code io.bulwark.webhook.WebhookService/receive/Retry/maxRetries} style keys): a transient database
 * failure (see {@link io.bulwark.database.FailureClassifier}) is retried up to 3 times with exponential
 * backoff and jitter, each attempt a whole new transaction; retrying cannot apply anything twice because the
 * first committed attempt holds the (source, delivery id) key and later attempts find it. Permanent failures
 * are never retried. A circuit breaker opens when half of 20 attempts failed transiently and probes again
 * after 2 s, so an unreachable database costs callers milliseconds, not timeouts; a bulkhead of 100 keeps
 * request threads from piling up on the connection pool; a 15 s timeout bounds an attempt. When attempts run
 * out, or the circuit is open, the caller is answered 503 with Retry-After and nothing was committed.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class.getName());

    @Inject
    DeliveryStore store;

    @Inject
    DeliveryGroups groups;

    @Inject
    WebhookEventRepository events;

    @Retry(retryOn = TransientDatabaseException.class, maxRetries = 3, delay = 0, jitter = 0, maxDuration = 20_000)
    @ExponentialBackoff
    @CircuitBreaker(failOn = TransientDatabaseException.class, requestVolumeThreshold = 20, failureRatio = 0.5,
            delay = 2_000, successThreshold = 3)
    @Timeout(15_000)
    @Bulkhead(100)
    public Receipt receive(Delivery delivery) {
        try {
            return receiveOnce(delivery);
        } catch (RuntimeException failure) {
            throw TransientDatabaseException.rethrow(failure);
        }
    }

    private Receipt receiveOnce(Delivery delivery) {
        Throwable failure;
        try {
            DeliveryStore.Outcome outcome = groups.storeAndApply(delivery);
            if (outcome.refusal() == null) {
                return outcome.receipt();
            }
            failure = outcome.refusal();
        } catch (RuntimeException e) {
            if (isNotAProcessingFailure(e)) {
                throw e;
            }
            failure = e;
        }
        LOG.log(Level.WARNING, "Delivery {0} from {1} ({2}) could not be applied; storing it as FAILED",
                new Object[] {delivery.deliveryId(), delivery.source(), delivery.envelope().type()});
        return store.storeFailed(delivery, failure);
    }

    /** Applies a FAILED event again; 404 for an unknown id, 409 for an event that is not FAILED. */
    @Retry(retryOn = TransientDatabaseException.class, maxRetries = 3, delay = 0, jitter = 0, maxDuration = 20_000)
    @ExponentialBackoff
    @Timeout(15_000)
    public WebhookEventView replay(UUID webhookId) {
        try {
            return replayOnce(webhookId);
        } catch (RuntimeException failure) {
            throw TransientDatabaseException.rethrow(failure);
        }
    }

    private WebhookEventView replayOnce(UUID webhookId) {
        WebhookEventView before = find(webhookId);
        if (before.status() != WebhookStatus.FAILED) {
            throw ProblemException.conflict("only FAILED events can be replayed; this one is " + before.status());
        }
        Throwable failure;
        try {
            failure = store.replay(webhookId);
        } catch (RuntimeException e) {
            if (isNotAProcessingFailure(e)) {
                throw e;
            }
            failure = e;
        }
        if (failure != null) {
            store.recordFailedReplay(webhookId, failure);
        }
        return find(webhookId);
    }

    /** The event with its payload; 404 when there is none. */
    public WebhookEventView find(UUID webhookId) {
        return events.findView(webhookId).orElseThrow(() -> ProblemException.notFound("no webhook event with that id"));
    }

    public List<WebhookEventView> list(WebhookStatus status, String source, int limit) {
        return events.list(status, source, limit);
    }

    private static boolean isNotAProcessingFailure(RuntimeException failure) {
        return failure instanceof ProblemException || failure instanceof CancellationException || FailureClassifier.isTransient(failure);
    }
}
