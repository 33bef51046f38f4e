package io.bulwark.ledger;

import io.bulwark.problem.ProblemException;
import java.util.List;
import java.util.function.Function;

/**
 * What a read by external id found: the row in the ledger the read named, or, when it named none, the only
 * row with that id in any ledger. When several ledgers have one and the read named none, the client has to
 * choose: {@code candidateLedgers} lists them, and nothing is found.
 *
 * @param found            the row, or null
 * @param candidateLedgers the ledgers to choose among, in order; empty unless the read was ambiguous
 */
public record LedgerLookup<T>(T found, List<String> candidateLedgers) {

    public LedgerLookup {
        candidateLedgers = List.copyOf(candidateLedgers);
    }

    /** The lookup among {@code rows} (the rows with one external id, in ledger order) for {@code ledger}, or null for any. */
    static <T> LedgerLookup<T> among(List<T> rows, Function<T, String> ledgerOf, String ledger) {
        if (ledger != null) {
            return new LedgerLookup<>(rows.stream().filter(row -> ledger.equals(ledgerOf.apply(row))).findFirst().orElse(null), List.of());
        }
        if (rows.size() > 1) {
            return new LedgerLookup<>(null, rows.stream().map(ledgerOf).toList());
        }
        return new LedgerLookup<>(rows.isEmpty() ? null : rows.get(0), List.of());
    }

    public <R> LedgerLookup<R> map(Function<T, R> mapper) {
        return new LedgerLookup<>(found == null ? null : mapper.apply(found), candidateLedgers);
    }

    /**
     * The row, or the client's problem: 400 naming the candidate ledgers when the read was ambiguous, 404 when
     * there is no such row.
     *
     * @param noun what was looked for, such as "account"
     */
    public T orElseThrowProblem(String noun) {
        if (!candidateLedgers.isEmpty()) {
            throw ProblemException.badRequest("ledgers " + String.join(", ", candidateLedgers) + " each have " + noun
                    + " with that id: choose one with ?ledger=");
        }
        if (found == null) {
            throw ProblemException.notFound("no " + noun + " with that id");
        }
        return found;
    }
}
