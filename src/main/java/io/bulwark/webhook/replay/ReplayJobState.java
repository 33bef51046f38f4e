package io.bulwark.webhook.replay;

/** Where a bulk replay job is in its life. */
public enum ReplayJobState {
    /** Created; no replica has started it. */
    QUEUED,
    /** A replica holds it and replays its events. */
    RUNNING,
    /** Every selected event has its outcome. */
    DONE,
    /** Stopped by an error that is not the database's passing failure; the error says which. */
    FAILED,
    /** Stopped by an admin; events it had not reached are left as they were. */
    CANCELLED
}
