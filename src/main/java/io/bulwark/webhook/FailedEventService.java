package io.bulwark.webhook;

import io.bulwark.database.ExponentialBackoff;
import io.bulwark.database.FailureClassifier;
import io.bulwark.database.TransientDatabaseException;
import io.bulwark.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Replays FAILED events on an operator's request: applies the stored payload again and answers the event as
 * it is afterwards, PROCESSED, or still FAILED with one more attempt, its new error and a new alert.
 *
 * <p>Failure modes: 404 for an unknown event and 409 for one that is not FAILED (including one a concurrent
 * replay or the recovery worker completed first), never retried. A transient database failure is retried up
 * to 3 times with exponential backoff and jitter, each attempt a whole new transaction in
 * {@link FailedEventStore}; that is safe because an attempt applies the event only under its row lock and
 * only while it is FAILED. When attempts run out the caller gets 503 and nothing was committed. There is no
 * circuit breaker or bulkhead: replays are rare operator requests, and ingestion's breaker speaks for the
 * database. A 15 s timeout bounds an attempt.
 */
@ApplicationScoped
public class FailedEventService {

    @Inject
    FailedEventStore store;

    @Inject
    WebhookEventRepository events;

    /**
     * Applies a FAILED event again on {@code replayedBy}'s request, audited as theirs; 404 for an unknown id, 409
     * for an event that is not FAILED.
     */
    @Retry(retryOn = TransientDatabaseException.class, abortOn = ProblemException.class, maxRetries = 3, delay = 0, jitter = 0,
            maxDuration = 20_000)
    @ExponentialBackoff
    @Timeout(15_000)
    public WebhookEventView replay(UUID webhookId, String replayedBy) {
        try {
            return replayOnce(webhookId, replayedBy);
        } catch (RuntimeException failure) {
            throw TransientDatabaseException.rethrow(failure);
        }
    }

    private WebhookEventView replayOnce(UUID webhookId, String replayedBy) {
        WebhookEventView before = find(webhookId);
        if (before.status() != WebhookStatus.FAILED) {
            throw ProblemException.conflict("only FAILED events can be replayed; this one is " + before.status());
        }
        Throwable failure;
        try {
            failure = store.replay(webhookId, replayedBy);
        } catch (RuntimeException e) {
            if (isNotAProcessingFailure(e)) {
                throw e;
            }
            failure = e;
        }
        if (failure != null) {
            store.recordFailedReplay(webhookId, failure, replayedBy);
        }
        return find(webhookId);
    }

    private WebhookEventView find(UUID webhookId) {
        return events.findView(webhookId).orElseThrow(() -> ProblemException.notFound("no webhook event with that id"));
    }

    private static boolean isNotAProcessingFailure(RuntimeException failure) {
        return failure instanceof ProblemException || failure instanceof CancellationException || FailureClassifier.isTransient(failure);
    }
}
