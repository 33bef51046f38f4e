package io.bulwark.webhook.replay;

import java.util.Locale;

/** What came of one event a job reached. */
public enum ReplayOutcome {
    /** Applied by the replay. */
    PROCESSED,
    /** Applying it failed again; it is FAILED with the new error. */
    FAILED,
    /** Read again, it still means nothing for the ledger. */
    IGNORED,
    /** Not replayed: applied already, or otherwise no longer replayable, when the job reached it. */
    SKIPPED;

    /** The job's count of this outcome. */
    String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
