package io.bulwark.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * One accepted delivery as stored, before and after it is applied. A delivery is identified by
 * (source, delivery id), and a GitHub one by its raw body's digest as well (a column only the insert writes); its payload is the JSON body as received, kept whole so that it can be replayed.
 */
@Entity
@Table(name = "webhook_events")
@IdClass(StoredEventKey.class)
public class WebhookEvent {

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false)
    private String source;

    @Column(nullable = false, updatable = false)
    private String ledger;

    @Column(name = "delivery_id", nullable = false, updatable = false)
    private String deliveryId;

    @Column(name = "event_type", nullable = false, updatable = false)
    private String type;

    @Column(name = "occurred_at", updatable = false)
    private OffsetDateTime occurredAt;

    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    private String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private WebhookStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "last_error")
    private String lastError;

    @Id
    @Column(name = "received_at", nullable = false, updatable = false)
    private OffsetDateTime receivedAt;

    @Column(name = "processed_at")
    private OffsetDateTime processedAt;

    @Column(name = "next_attempt_at")
    private OffsetDateTime nextAttemptAt;

    @Version
    private long version;

    protected WebhookEvent() {
    }

    public WebhookEvent(String source, String ledger, String deliveryId, String type, OffsetDateTime occurredAt, String payload) {
        this.receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
        this.id = EventIds.receivedAt(receivedAt.toInstant());
        this.source = Objects.requireNonNull(source, "source");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.deliveryId = Objects.requireNonNull(deliveryId, "deliveryId");
        this.type = Objects.requireNonNull(type, "type");
        this.occurredAt = occurredAt;
        this.payload = Objects.requireNonNull(payload, "payload");
        this.status = WebhookStatus.RECEIVED;
    }

    /** Records a successful application (or a deliberate skip) of this delivery. */
    public void complete(WebhookStatus outcome) {
        if (outcome != WebhookStatus.PROCESSED && outcome != WebhookStatus.IGNORED) {
            throw new IllegalArgumentException("not a final outcome: " + outcome);
        }
        this.status = outcome;
        this.attempts++;
        this.lastError = null;
        this.nextAttemptAt = null;
        this.processedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Records a failed attempt; {@code retryAt} is null when no further attempt is planned. */
    public void fail(String error, OffsetDateTime retryAt) {
        this.status = WebhookStatus.FAILED;
        this.attempts++;
        this.lastError = error;
        this.nextAttemptAt = retryAt;
    }

    public UUID getId() {
        return id;
    }

    public String getSource() {
        return source;
    }

    /** The ledger it is applied to: the one its source wrote when it was received. */
    public String getLedger() {
        return ledger;
    }

    public String getDeliveryId() {
        return deliveryId;
    }

    public String getType() {
        return type;
    }

    public OffsetDateTime getOccurredAt() {
        return occurredAt;
    }

    public String getPayload() {
        return payload;
    }

    public WebhookStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getLastError() {
        return lastError;
    }

    public OffsetDateTime getReceivedAt() {
        return receivedAt;
    }

    public OffsetDateTime getProcessedAt() {
        return processedAt;
    }

    public OffsetDateTime getNextAttemptAt() {
        return nextAttemptAt;
    }
}
