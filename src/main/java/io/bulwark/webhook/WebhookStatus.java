package io.bulwark.webhook;

/** Where a stored delivery is in its life; the database enforces the same set. */
public enum WebhookStatus {
    /** Stored, not yet applied. */
    RECEIVED,
    /** Claimed by a worker that is applying it. */
    PROCESSING,
    /** Applied to accounts and transactions. */
    PROCESSED,
    /** Stored but of a type Bulwark does not apply. */
    IGNORED,
    /** Applying it failed; kept for retry and replay. */
    FAILED
}
