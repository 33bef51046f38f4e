package io.bulwark.alert;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * Something an operator should know about, such as a delivery that could not be applied. It names the
 * delivery (source, type, webhook id) and the class of the error, never the payload or a secret.
 */
@Entity
@Table(name = "alerts")
@NamedQuery(name = "Alert.findAll", query = "SELECT a FROM Alert a ORDER BY a.createdAt DESC")
@NamedQuery(name = "Alert.findByAcknowledged",
        query = "SELECT a FROM Alert a WHERE a.acknowledged = :acknowledged ORDER BY a.createdAt DESC")
public class Alert {

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private AlertSeverity severity;

    @Column(nullable = false, updatable = false)
    private String title;

    @Column(updatable = false)
    private String source;

    @Column(name = "event_type", updatable = false)
    private String eventType;

    @Column(name = "webhook_id", updatable = false)
    @Convert(converter = NullableUuid.class)
    private UUID webhookId;

    @Column(name = "error_class", updatable = false)
    private String errorClass;

    @Column(nullable = false)
    private boolean acknowledged;

    @Column(name = "acknowledged_at")
    private OffsetDateTime acknowledgedAt;

    @Column(name = "acknowledged_by")
    private String acknowledgedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Version
    private long version;

    protected Alert() {
    }

    public Alert(AlertSeverity severity, String title, String source, String eventType, UUID webhookId,
                 String errorClass) {
        this.id = UUID.randomUUID();
        this.severity = Objects.requireNonNull(severity, "severity");
        this.title = Objects.requireNonNull(title, "title");
        this.source = source;
        this.eventType = eventType;
        this.webhookId = webhookId;
        this.errorClass = errorClass;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Marks the alert as seen; acknowledging twice keeps the first acknowledgement. */
    public void acknowledge(String by) {
        if (!acknowledged) {
            acknowledged = true;
            acknowledgedBy = by;
            acknowledgedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
    }

    public UUID getId() {
        return id;
    }

    public AlertSeverity getSeverity() {
        return severity;
    }

    public String getTitle() {
        return title;
    }

    public String getSource() {
        return source;
    }

    public String getEventType() {
        return eventType;
    }

    public UUID getWebhookId() {
        return webhookId;
    }

    public String getErrorClass() {
        return errorClass;
    }

    public boolean isAcknowledged() {
        return acknowledged;
    }

    public OffsetDateTime getAcknowledgedAt() {
        return acknowledgedAt;
    }

    public String getAcknowledgedBy() {
        return acknowledgedBy;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
