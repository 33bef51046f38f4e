package io.bulwark.webhook;

import io.bulwark.database.FailureClassifier;
import io.bulwark.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives verified deliveries and operates on stored ones.
 *
 * <p>A delivery is stored and applied in one transaction. When applying it fails for a reason that another
 * attempt in the same state would not cure (a ledger rule, bad data), that transaction is rolled back and
 * the delivery is stored as FAILED with an alert in a second one, so it is never lost and can be replayed;
 * the sender is still acknowledged, because the delivery is stored. A transient database failure is not
 * caught here: nothing was committed, and the client is answered 503 to send again.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class.getName());

    @Inject
    DeliveryStore store;

    @Inject
    WebhookEventRepository events;

    public Receipt receive(String source, String deliveryId, WebhookEnvelope envelope, String payload) {
        Throwable failure;
        try {
            DeliveryStore.Outcome outcome = store.storeAndApply(source, deliveryId, envelope, payload);
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
                new Object[] {deliveryId, source, envelope.type()});
        return store.storeFailed(source, deliveryId, envelope, payload, failure);
    }

    /** Applies a FAILED event again; 404 for an unknown id, 409 for an event that is not FAILED. */
    public WebhookEventView replay(UUID webhookId) {
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
        return failure instanceof ProblemException || FailureClassifier.isTransient(failure);
    }
}
