package io.bulwark.webhook;

import io.bulwark.database.FailureClassifier;
import io.bulwark.database.SqlFailures;
import io.bulwark.webhook.group.GroupCommitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores deliveries that arrive together in shared transactions: one commit, one WAL flush, for a group of
 * up to {@code webhook.group.max-size} deliveries, with at most {@code webhook.group.concurrency} groups
 * committing at once and a leader waiting at most {@code webhook.group.linger} for deliveries already being
 * received. A delivery alone is stored at once, as it would be without grouping.
 *
 * <p>A member's failure must not become its neighbours': a group the ledger refuses, or whose transaction
 * fails for a reason another attempt would meet again, is rolled back whole and its members are stored one
 * by one at once, each by its own thread, exactly as without grouping, so a refusal or bad data concerns
 * that delivery alone. A transient failure (a lost connection, a lock waited on past the query timeout) is
 * every member's: each member's own retry policy retries it after its backoff, and that retry, and any
 * after it, commits the member alone. So a delivery stuck behind a row lock meets its retries and its 503 as
 * soon as it would without grouping, while its neighbours get through on their first retry.
 */
@ApplicationScoped
public class DeliveryGroups {

    private static final Logger LOG = Logger.getLogger(DeliveryGroups.class.getName());

    @Inject
    DeliveryStore store;

    @Inject
    WebhookMetrics metrics;

    @Inject
    @ConfigProperty(name = "webhook.group.max-size", defaultValue = "64")
    int maxSize;

    @Inject
    @ConfigProperty(name = "webhook.group.concurrency", defaultValue = "2")
    int concurrency;

    @Inject
    @ConfigProperty(name = "webhook.group.linger", defaultValue = "PT0.002S")
    Duration linger;

    private GroupCommitter<Delivery, Optional<DeliveryStore.Outcome>> committer;

    @PostConstruct
    void start() {
        if (maxSize < 1 || concurrency < 1 || linger.isNegative()) {
            throw new IllegalStateException("webhook.group.max-size (" + maxSize + ") and webhook.group.concurrency ("
                    + concurrency + ") must be at least 1, webhook.group.linger (" + linger + ") not negative");
        }
        committer = new GroupCommitter<>(this::commit, metrics::groupFormed, maxSize, concurrency, linger.toNanos());
    }

    /**
     * Observing the application's start creates this bean with it, so that a bad setting stops the application
     * from starting rather than failing deliveries; there is nothing else to do then.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // The call itself is the point: CDI creates the bean (and checks its settings) to deliver it.
    }

    /** Announces a delivery being received, so that a forming group may wait for it; close it before storing. */
    public GroupCommitter.Arrival arriving() {
        return committer.arriving();
    }

    /** Stores and applies the delivery, in a group with those stored at the same time when there are any. */
    public DeliveryStore.Outcome storeAndApply(Delivery delivery) {
        if (delivery.mustCommitAlone()) {
            return alone(delivery);
        }
        return committer.submit(delivery).orElseGet(() -> alone(delivery));
    }

    private List<Optional<DeliveryStore.Outcome>> commit(List<Delivery> group) {
        if (group.size() == 1) {
            return List.of(Optional.of(alone(group.get(0))));
        }
        try {
            DeliveryStore.GroupOutcome outcome = store.storeAndApply(group);
            if (outcome.refusal() == null) {
                return outcome.receipts().stream().map(receipt -> Optional.of(DeliveryStore.Outcome.stored(receipt))).toList();
            }
            logSplit(group, outcome.refusal());
        } catch (RuntimeException failure) {
            if (FailureClassifier.isTransient(failure)) {
                throw retryAlone(group, failure);
            }
            logSplit(group, failure);
        }
        metrics.groupSplit();
        return Collections.nCopies(group.size(), Optional.empty());
    }

    /** Refusals and permanent failures; the member they concern is logged again when it is stored alone. */
    private static void logSplit(List<Delivery> group, Throwable failure) {
        LOG.log(Level.INFO, "A group of {0} deliveries failed ({1}); storing them one by one",
                new Object[] {group.size(), SqlFailures.describe(failure)});
    }

    /** Every member's retry (by its own retry policy, after its backoff) will commit it alone. */
    private RuntimeException retryAlone(List<Delivery> group, RuntimeException failure) {
        LOG.log(Level.INFO, "A group of {0} deliveries failed ({1}); each will be retried alone",
                new Object[] {group.size(), SqlFailures.describe(failure)});
        group.forEach(Delivery::groupFailed);
        metrics.groupSplit();
        return failure;
    }

    private DeliveryStore.Outcome alone(Delivery delivery) {
        DeliveryStore.GroupOutcome outcome = store.storeAndApply(List.of(delivery));
        return outcome.refusal() == null
                ? DeliveryStore.Outcome.stored(outcome.receipts().get(0))
                : DeliveryStore.Outcome.refused(outcome.refusal());
    }
}
