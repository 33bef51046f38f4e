package io.bulwark.webhook;

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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * Stores deliveries that arrive together in shared transactions: one commit, one WAL flush, for a group of
 * up to {@code webhook.group.max-size} deliveries and {@code webhook.group.max-bytes} of payload, with at most
 * {@code webhook.group.concurrency} groups committing at once and a leader waiting at most
 * {@code webhook.group.linger} for deliveries already being received. A delivery alone is stored at once, as
 * it would be without grouping.
 *
 * <p>A member's failure must not become its neighbours': when the ledger refuses a member, or the group's
 * transaction fails for any reason, the group is rolled back whole and every member is told to commit alone
 * ({@link GroupResult.CommitAlone}), each by its own thread at once, so a refusal, bad data or a row lock
 * concerns that delivery alone. The failed transaction counts once toward the circuit breaker
 * ({@link DeliveryCommits}); while that breaker is open, every member is answered 503 at once.
 */
@ApplicationScoped
public class DeliveryGroups {

    private static final Logger LOG = Logger.getLogger(DeliveryGroups.class.getName());

    @Inject
    DeliveryCommits commits;

    @Inject
    WebhookMetrics metrics;

    @Inject
    @ConfigProperty(name = "webhook.group.max-size", defaultValue = "64")
    int maxSize;

    @Inject
    @ConfigProperty(name = "webhook.group.max-bytes", defaultValue = "4194304")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "webhook.group.concurrency", defaultValue = "2")
    int concurrency;

    @Inject
    @ConfigProperty(name = "webhook.group.linger", defaultValue = "PT0.002S")
    Duration linger;

    private GroupCommitter<Delivery, GroupResult> committer;

    @PostConstruct
    void start() {
        if (maxSize < 1 || maxBytes < 1 || concurrency < 1 || linger.isNegative()) {
            throw new IllegalStateException("webhook.group.max-size (" + maxSize + "), webhook.group.max-bytes (" + maxBytes
                    + ") and webhook.group.concurrency (" + concurrency + ") must be at least 1, webhook.group.linger ("
                    + linger + ") not negative");
        }
        committer = new GroupCommitter<>(this::commit, metrics::groupFormed, maxSize, maxBytes, Delivery::weight, concurrency,
                linger.toNanos());
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

    /**
     * Stores and applies the delivery in a group with those stored at the same time, if there are any.
     *
     * @throws org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException while the database's breaker is open
     */
    GroupResult storeAndApply(Delivery delivery) {
        return committer.submit(delivery);
    }

    private List<GroupResult> commit(List<Delivery> group) {
        try {
            DeliveryStore.GroupOutcome outcome = commits.commit(group);
            if (outcome.refusal() == null) {
                return outcome.receipts().stream().<GroupResult>map(GroupResult.Committed::new).toList();
            }
            logSplit(group, outcome.refusal());
        } catch (FaultToleranceException open) {
            throw open;
        } catch (RuntimeException failure) {
            logSplit(group, failure);
        }
        metrics.groupSplit();
        return Collections.nCopies(group.size(), GroupResult.COMMIT_ALONE);
    }

    /** The member a refusal or failure concerns is logged again when it is committed alone. */
    private static void logSplit(List<Delivery> group, Throwable failure) {
        LOG.log(Level.INFO, "A group of {0} deliveries was rolled back ({1}); each is committed alone",
                new Object[] {group.size(), SqlFailures.describe(failure)});
    }
}
