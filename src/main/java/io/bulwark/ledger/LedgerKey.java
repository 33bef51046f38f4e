package io.bulwark.ledger;

/**
 * What identifies an account or a transaction: its ledger and the provider's id in it.
 *
 * <p>Keys sort by ledger, then external id, each compared code point by code point: the order of
 * PostgreSQL's {@code COLLATE "C"} on UTF-8 text, which the repository's locking queries sort by. Every row
 * lock the ledger takes follows this one order, whether Java or the database sorts.
 */
record LedgerKey(String ledger, String externalId) implements Comparable<LedgerKey> {

    @Override
    public int compareTo(LedgerKey other) {
        int byLedger = compareCodePoints(ledger, other.ledger);
        return byLedger != 0 ? byLedger : compareCodePoints(externalId, other.externalId);
    }

    /** Unlike {@link String#compareTo}, which compares UTF-16 units and so misorders characters beyond U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int left = a.codePointAt(i);
            int right = b.codePointAt(j);
            if (left != right) {
                return Integer.compare(left, right);
            }
            i += Character.charCount(left);
            j += Character.charCount(right);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public String toString() {
        return ledger + "/" + externalId;
    }
}
