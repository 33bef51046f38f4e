package io.bulwark.webhook;

import java.util.Arrays;

/** The event types Bulwark applies; any other type is stored and marked IGNORED. */
public enum EventType {
    ACCOUNT_CREATED("account.created"),
    ACCOUNT_UPDATED("account.updated"),
    ACCOUNT_CLOSED("account.closed"),
    TRANSACTION_CREATED("transaction.created"),
    TRANSACTION_UPDATED("transaction.updated"),
    TRANSACTIONS_BATCH("transactions.batch");

    /** Most transactions one {@code transactions.batch} event may carry. */
    public static final int MAX_BATCH_SIZE = 1000;

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The known type of that wire name, or null for a type Bulwark ignores. */
    public static EventType fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst().orElse(null);
    }

    public boolean isAccountEvent() {
        return this == ACCOUNT_CREATED || this == ACCOUNT_UPDATED || this == ACCOUNT_CLOSED;
    }
}
