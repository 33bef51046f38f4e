package io.bulwark.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * A money movement on an account as the provider last described it, in the account's ledger. Amounts are
 * exact decimals; like an account, a transaction keeps the {@code occurredAt} of the event behind its state in
 * {@code stateAsOf}.
 */
@Entity
@Table(name = "transactions")
@NamedQuery(name = "Transaction.findByAccount",
        query = "SELECT t FROM Transaction t WHERE t.account = :account ORDER BY t.bookedAt DESC, t.createdAt DESC")
@NamedQuery(name = "Transaction.findByExternalId",
        query = "SELECT t FROM Transaction t JOIN FETCH t.account WHERE t.externalId = :externalId ORDER BY t.ledger")
public class Transaction {

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false)
    private String ledger;

    @Column(name = "external_id", nullable = false, updatable = false)
    private String externalId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(nullable = false)
    private BigDecimal amount;

    @Column(nullable = false)
    private String currency;

    @Column(nullable = false)
    private String status;

    @Column(name = "booked_at")
    private OffsetDateTime bookedAt;

    private String description;

    @Column(name = "state_as_of")
    private OffsetDateTime stateAsOf;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Version
    private long version;

    protected Transaction() {
    }

    public Transaction(String externalId, Account account, BigDecimal amount, String currency, String status,
                       OffsetDateTime bookedAt, String description, OffsetDateTime stateAsOf) {
        this.id = UUID.randomUUID();
        this.externalId = Objects.requireNonNull(externalId, "externalId");
        this.account = Objects.requireNonNull(account, "account");
        this.ledger = account.getLedger();
        this.amount = Objects.requireNonNull(amount, "amount");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.status = Objects.requireNonNull(status, "status");
        this.bookedAt = bookedAt;
        this.description = description;
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

    public Account getAccount() {
        return account;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public String getStatus() {
        return status;
    }

    public OffsetDateTime getBookedAt() {
        return bookedAt;
    }

    public String getDescription() {
        return description;
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
