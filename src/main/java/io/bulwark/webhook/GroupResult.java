package io.bulwark.webhook;

/** What group commit did with one delivery: committed it with its group, or left it to be committed alone. */
sealed interface GroupResult {

    /** Stored (perhaps as a duplicate) and applied in the group's transaction. */
    record Committed(Receipt receipt) implements GroupResult {
    }

    /**
     * Not committed: the group's transaction was rolled back because a member was refused or the transaction
     * failed, so this delivery goes on alone ({@link LoneCommits}).
     */
    record CommitAlone() implements GroupResult {
    }

    GroupResult COMMIT_ALONE = new CommitAlone();
}
