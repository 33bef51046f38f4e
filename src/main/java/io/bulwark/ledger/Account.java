package io.bulwark.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * An account as the provider last described it, in its ledger; the same external id may name different
 * accounts in different ledgers ({@code Account.findByExternalId} finds them all). {@code stateAsOf} is the
 * {@code occurredAt} of the event that produced the current state: an older event must never overwrite it.
 */
@Entity
@Table(name = "accounts")
@NamedQuery(name = "Account.findByExternalId",
        query = "SELECT a FROM Account a WHERE a.externalId = :externalId ORDER BY a.ledger")
public class Account {

    /** Status of an account that a transaction named before any account event described it. */
    public static final String STATUS_UNKNOWN = "unknown";

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false)
    private String ledger;

    @Column(name = "external_id", nullable = false, updatable = false)
    private String externalId;

    @Column(nullable = false)
    private String status;

    private String name;

    private String currency;

    private BigDecimal balance;

    @Column(name = "state_as_of")
    private OffsetDateTime stateAsOf;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Version
    private long version;

    protected Account() {
    }

    public Account(String ledger, String externalId, String status, String name, String currency, BigDecimal balance,
                   OffsetDateTime stateAsOf) {
        this.id = UUID.randomUUID();
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.externalId = Objects.requireNonNull(externalId, "externalId");
        this.status = Objects.requireNonNull(status, "status");
        this.name = name;
        this.currency = currency;
        this.balance = balance;
        this.stateAsOf = stateAsOf;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        this.updatedAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getLedger() {
        return ledger;
    }

    public String getExternalId() {
        return externalId;
    }

    public String getStatus() {
        return status;
    }

    public String getName() {
        return name;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getBalance() {
        return balance;
    }

    public OffsetDateTime getStateAsOf() {
        return stateAsOf;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }
}
