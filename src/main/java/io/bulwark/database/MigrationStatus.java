package io.bulwark.database;

/**
 * The outcome so far of migrating the schema at startup.
 *
 * @param state       where the migration stands
 * @param version     the schema version reached, or null before the first success
 * @param attempts    how many times migration has been tried
 * @param lastFailure the class and SQLState of the last failure, or null; never a message that could hold
 *                    a host name or credentials
 */
public record MigrationStatus(State state, String version, int attempts, String lastFailure) {

    /** Where a migration stands. */
    public enum State {
        PENDING,
        DONE,
        FAILED
    }

    static MigrationStatus pending() {
        return new MigrationStatus(State.PENDING, null, 0, null);
    }

    public boolean isDone() {
        return state == State.DONE;
    }
}
