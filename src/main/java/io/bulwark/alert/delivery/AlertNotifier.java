package io.bulwark.alert.delivery;

import io.bulwark.database.FailureClassifier;
import io.bulwark.database.SchemaMigration;
import io.bulwark.database.SqlFailures;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Sends alerts to {@code ALERT_WEBHOOK_URL} in the background, on a Jakarta Concurrency managed scheduler, every
 * {@code alert.webhook.interval}: at most {@code alert.webhook.batch-size} alerts a run, each claimed, POSTed
 * and recorded on its own, so that the database is never held while the receiver is waited for. Every replica
 * runs one; the claim lets exactly one of them send each attempt.
 *
 * <p>A 2xx answer delivers the alert. Any other answer, a timeout or an unreachable receiver is an attempt that
 * failed: the alert is tried again after {@link NotificationBackoff}'s delay, and after
 * {@code alert.webhook.max-attempts} attempts, or once it is older than {@code alert.webhook.max-age}, it is
 * given up on, logged and counted. Delivery is at least once: a replica that dies after the receiver accepted
 * an alert but before recording it sends it again; receivers can tell by its {@code id}.
 *
 * <p>Without {@code ALERT_WEBHOOK_URL} nothing is sent and alerts stay in the outbox until they are too old.
 * The URL is never logged whole: it carries the receiver's credential.
 */
@ApplicationScoped
public class AlertNotifier {

    private static final Logger LOG = Logger.getLogger(AlertNotifier.class.getName());
    /** How long past its timeouts a claimed alert stays claimed, for the recording after the POST. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final String COUNTER = "alert.notifications";
    private static final String COUNTER_DESCRIPTION = "Alert deliveries to ALERT_WEBHOOK_URL by outcome: sent (2xx), "
            + "failed (an attempt that got another status, timed out or found no receiver), abandoned (given up on)";

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    @Inject
    NotificationOutbox outbox;

    @Inject
    SchemaMigration migration;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "alert.webhook.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "alert.webhook.connect-timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "alert.webhook.request-timeout", defaultValue = "PT10S")
    Duration requestTimeout;

    @Inject
    @ConfigProperty(name = "alert.webhook.interval", defaultValue = "PT5S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "alert.webhook.batch-size", defaultValue = "20")
    int batchSize;

    @Inject
    @ConfigProperty(name = "alert.webhook.base-delay", defaultValue = "PT10S")
    Duration baseDelay;

    @Inject
    @ConfigProperty(name = "alert.webhook.max-delay", defaultValue = "PT10M")
    Duration maxDelay;

    @Inject
    @ConfigProperty(name = "alert.webhook.max-attempts", defaultValue = "10")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "alert.webhook.max-age", defaultValue = "PT24H")
    Duration maxAge;

    @Inject
    @ConfigProperty(name = "BULWARK_INSTANCE", defaultValue = "bulwark")
    String instance;

    private AlertWebhookClient client;
    private NotificationBackoff backoff;
    private Duration lease;
    private Counter sent;
    private Counter failed;
    private Counter abandoned;
    private volatile ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (url.isEmpty()) {
            LOG.info("Alert delivery is off: ALERT_WEBHOOK_URL is not set; alerts are only stored and logged");
            return;
        }
        WebhookTarget target;
        try {
            target = WebhookTarget.parse(url.get());
            backoff = new NotificationBackoff(baseDelay, maxDelay, maxAttempts);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.SEVERE, "Alert delivery is off: {0}", e.getMessage());
            return;
        }
        client = new AlertWebhookClient(target, connectTimeout, requestTimeout, executor);
        lease = connectTimeout.plus(requestTimeout).plus(LEASE_MARGIN);
        sent = counter("sent");
        failed = counter("failed");
        abandoned = counter("abandoned");
        schedule = scheduler.scheduleWithFixedDelay(this::deliverDue, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Alert delivery to {0}: timeouts {1} (connect) and {2} (answer), at most {3} attempts within {4}",
                new Object[] {target, connectTimeout, requestTimeout, maxAttempts, maxAge});
    }

    private Counter counter(String outcome) {
        return metrics.counter(Metadata.builder().withName(COUNTER).withDescription(COUNTER_DESCRIPTION).build(),
                new Tag("outcome", outcome));
    }

    /** One run: gives up on expired alerts, then sends due ones until none is due or the batch is done. */
    void deliverDue() {
        if (!migration.status().isDone()) {
            return;
        }
        try {
            for (UUID id : outbox.abandonOlderThan(maxAge)) {
                abandoned.inc();
                LOG.log(Level.WARNING, "Alert {0} not sent: raised more than {1} ago", new Object[] {id, maxAge});
            }
            for (int i = 0; i < batchSize; i++) {
                Optional<AlertNotification> next = outbox.claimNext(lease);
                if (next.isEmpty()) {
                    return;
                }
                deliver(next.get());
            }
        } catch (RuntimeException e) {
            Level level = FailureClassifier.isTransient(e) ? Level.FINE : Level.WARNING;
            LOG.log(level, "Alert delivery run stopped: {0}", SqlFailures.describe(e));
        }
    }

    private void deliver(AlertNotification alert) {
        DeliveryOutcome outcome = client.post(AlertMessage.json(alert, instance), alert.id().toString());
        if (outcome instanceof DeliveryOutcome.Accepted accepted) {
            outbox.markSent(alert.id());
            sent.inc();
            LOG.log(Level.INFO, "Alert {0} sent (attempt {1}, HTTP {2})", new Object[] {alert.id(), alert.attempt(), accepted.status()});
            return;
        }
        String reason = ((DeliveryOutcome.Failed) outcome).reason();
        failed.inc();
        if (backoff.exhausted(alert.attempt())) {
            outbox.abandon(alert.id(), reason);
            abandoned.inc();
            LOG.log(Level.WARNING, "Alert {0} not sent: attempt {1} of {2} failed ({3}); giving up",
                    new Object[] {alert.id(), alert.attempt(), maxAttempts, reason});
            return;
        }
        Duration delay = backoff.delayAfter(alert.attempt());
        outbox.retryLater(alert.id(), reason, delay);
        LOG.log(Level.INFO, "Alert {0} delivery attempt {1} failed ({2}); next attempt in {3} ms",
                new Object[] {alert.id(), alert.attempt(), reason, delay.toMillis()});
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> running = schedule;
        if (running != null) {
            running.cancel(false);
        }
    }
}
