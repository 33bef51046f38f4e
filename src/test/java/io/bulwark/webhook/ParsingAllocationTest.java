package io.bulwark.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.problem.ProblemException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

// What parsing a body of 1 MiB, the largest accepted by default, costs in heap: every shape below stays within
// BOUND. The bytes counted are all the parsing thread allocates, garbage included, measured after a warm-up so
// that class loading and the JIT's first compilations are not counted. Before the parser streamed, the array
// of zeros alone cost 68 MB, and the batch 8.1 MB.
class ParsingAllocationTest {

    private static final int MIB = 1 << 20;
    private static final long BOUND = 3L * MIB;
    private static final String HEAD = "{'id': 'evt_1', 'type': '%s', 'occurredAt': '2026-11-29T12:00:00Z', ";

    private final EnvelopeParser parser = new EnvelopeParser();

    @Test
    void anArrayOfZerosIsCheckedWithoutBeingBuilt() {
        // Measured: 2.8 KB (JDK 17, parsson 1.1.7).
        StringBuilder body = new StringBuilder(HEAD.formatted("account.updated"))
                .append("'data': {'account': {'id': 'acc_1'}, 'zeros': [0");
        fill(body, ",0", "]}}");

        byte[] bytes = bytes(body);

        assertEquals("acc_1", parser.parse(bytes).account().externalId());
        assertWithinBound(() -> parser.parse(bytes));
    }

    @Test
    void aOneMebibyteStringIsCheckedWithoutBeingCopiedUnlessKept() {
        // Measured: 1.9 KB when dropped; 1.05 MB when kept (the string itself) and then refused as too long.
        StringBuilder unknown = new StringBuilder(HEAD.formatted("ping")).append("'note': '");
        fill(unknown, "x", "'}");
        StringBuilder kept = new StringBuilder(HEAD.formatted("transaction.created")).append("'data': {'transaction': "
                + "{'id': 'tx_1', 'accountId': 'acc_1', 'amount': '1', 'currency': 'EUR', 'status': 'booked', "
                + "'description': '");
        fill(kept, "x", "'}}}");

        byte[] unknownBytes = bytes(unknown);
        byte[] keptBytes = bytes(kept);

        assertTrue(parser.parse(unknownBytes).isIgnored());
        assertWithinBound(() -> parser.parse(unknownBytes));
        assertThrows(ProblemException.class, () -> parser.parse(keptBytes));
        assertWithinBound(() -> assertThrows(ProblemException.class, () -> parser.parse(keptBytes)));
    }

    @Test
    void aFullBatchOfOneMebibyteCostsLessThanThreeTimesItsSize() {
        // Measured: 2.75 MB, of which 0.85 MB are the descriptions the envelope keeps. Most of the rest is per
        // member kept (its String, JsonString and map entry) and per value read (BigDecimal, OffsetDateTime).
        String description = "d".repeat(EnvelopeParser.MAX_DESCRIPTION_LENGTH - 150);
        StringBuilder body = new StringBuilder(HEAD.formatted("transactions.batch")).append("'data': {'transactions': [");
        for (int i = 0; i < EventType.MAX_BATCH_SIZE; i++) {
            body.append(i == 0 ? "" : ", ").append("{'id': 'tx_").append(i).append("', 'accountId': 'acc_1', 'amount': '")
                    .append(i).append(".50', 'currency': 'EUR', 'status': 'booked', 'bookedAt': '2026-11-29T11:59:00Z', ")
                    .append("'description': '").append(description).append("'}");
        }
        body.append("]}}");
        assertTrue(body.length() > MIB - MIB / 10 && body.length() <= MIB, () -> "about 1 MiB: " + body.length());

        byte[] bytes = bytes(body);

        assertEquals(EventType.MAX_BATCH_SIZE, parser.parse(bytes).transactions().size());
        assertWithinBound(() -> parser.parse(bytes));
    }

    @Test
    void deeplyNestedArraysAreTrackedWithoutAnObjectPerLevel() {
        // Measured: 5.5 KB for some 520,000 arrays opened and closed.
        // The body is level 1 and data level 2, so each of data's items reaches level 64.
        String item = "[".repeat(JsonBodyReader.MAX_DEPTH - 2) + "]".repeat(JsonBodyReader.MAX_DEPTH - 2);
        StringBuilder body = new StringBuilder(HEAD.formatted("ping")).append("'data': [").append(item);
        fill(body, "," + item, "]}");
        byte[] bytes = bytes(body);

        assertTrue(parser.parse(bytes).isIgnored());
        assertWithinBound(() -> parser.parse(bytes));
    }

    /** Appends {@code unit} to {@code body} as often as fits with {@code end} in 1 MiB, then {@code end}. */
    private static void fill(StringBuilder body, String unit, String end) {
        while (body.length() + unit.length() + end.length() <= MIB) {
            body.append(unit);
        }
        body.append(end);
    }

    private static byte[] bytes(CharSequence json) {
        return json.toString().replace('\'', '"').getBytes(UTF_8);
    }

    private static void assertWithinBound(Executable parsing) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 12; run++) {
            long before = threads.getThreadAllocatedBytes(thread);
            try {
                parsing.execute();
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (run >= 4) {
                least = Math.min(least, allocated);
            }
        }
        long measured = least;
        assertTrue(measured <= BOUND, () -> "parsing allocated " + measured + " bytes, more than " + BOUND);
    }
}
