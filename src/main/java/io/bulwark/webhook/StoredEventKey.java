package io.bulwark.webhook;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * The primary key of a stored event: its id and its receipt time, the partition key of {@code webhook_events}.
 * With both in the key, every update JPA writes names the one partition that holds the row.
 */
public class StoredEventKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID id;
    private OffsetDateTime receivedAt;

    public StoredEventKey() {
    }

    public StoredEventKey(UUID id, OffsetDateTime receivedAt) {
        this.id = id;
        this.receivedAt = receivedAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredEventKey key && Objects.equals(id, key.id)
                && Objects.equals(receivedAt == null ? null : receivedAt.toInstant(), key.receivedAt == null ? null : key.receivedAt.toInstant());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, receivedAt == null ? null : receivedAt.toInstant());
    }
}
