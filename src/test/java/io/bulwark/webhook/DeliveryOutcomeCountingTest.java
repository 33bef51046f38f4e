package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.Test;

/**
 * What the rejection counting does on the hot path: it finds a source's counters by any spelling of its name
 * without allocating, and counts an answer on a counter made in advance, also without allocating.
 */
class DeliveryOutcomeCountingTest {

    private static final String PATH = "/webhooks/";

    @Test
    void anySpellingOfASourceNameReachesItsCanonicalName() {
        assertTrue(WebhookMetrics.spells("/webhooks/pay-ops", PATH.length(), "pay-ops"));
        assertTrue(WebhookMetrics.spells("/webhooks/PAY_OPS", PATH.length(), "pay-ops"));
        assertTrue(WebhookMetrics.spells("/webhooks/Acme", PATH.length(), "acme"));
        assertFalse(WebhookMetrics.spells("/webhooks/acme2", PATH.length(), "acme"));
        assertFalse(WebhookMetrics.spells("/webhooks/acm", PATH.length(), "acme"));
        assertFalse(WebhookMetrics.spells("/webhooks/ac%6De", PATH.length(), "acme"));
    }

    @Test
    void answersAreCountedByStatus() {
        SourceOutcomes outcomes = outcomes();

        outcomes.answered(200);
        outcomes.answered(202);
        outcomes.answered(401);
        outcomes.answered(401);
        outcomes.answered(413);
        outcomes.answered(418);

        assertEquals(2, count(outcomes, "401"));
        assertEquals(1, count(outcomes, "413"));
        assertEquals(1, count(outcomes, "other"), "a status not counted on its own");
        assertEquals(0, count(outcomes, "400"), "2xx are no rejections");
    }

    @Test
    void theUnknownSourceCountsOnlyItsNotFoundAnswers() {
        Counter[] rejected = new Counter[SourceOutcomes.STATUSES.length];
        rejected[SourceOutcomes.indexOf(404)] = new Tally();
        SourceOutcomes unknown = new SourceOutcomes(WebhookMetrics.UNKNOWN_SOURCE, null, null, null, rejected);

        unknown.answered(404);
        unknown.answered(401);
        unknown.answered(400);

        assertEquals(1, count(unknown, "404"));
    }

    @Test
    void findingTheSourceAndCountingAllocateNothing() {
        SourceOutcomes outcomes = outcomes();
        String path = "/webhooks/PAY_OPS";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 12; run++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 10_000; i++) {
                if (WebhookMetrics.spells(path, PATH.length(), "pay-ops")) {
                    outcomes.answered(i % 2 == 0 ? 200 : 401);
                }
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertEquals(0, least, "bytes allocated by 10,000 lookups and counts");
        assertTrue(count(outcomes, "401") > 0);
    }

    private static SourceOutcomes outcomes() {
        Counter[] rejected = new Counter[SourceOutcomes.STATUSES.length];
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new Tally();
        }
        return new SourceOutcomes("pay-ops", new Tally(), new Tally(), new Tally(), rejected);
    }

    private static long count(SourceOutcomes outcomes, String status) {
        for (int i = 0; i < SourceOutcomes.STATUSES.length; i++) {
            if (SourceOutcomes.STATUSES[i].equals(status)) {
                return outcomes.rejected()[i].getCount();
            }
        }
        throw new AssertionError(status);
    }

    private static final class Tally implements Counter {

        private long count;

        @Override
        public void inc() {
            count++;
        }

        @Override
        public void inc(long n) {
            count += n;
        }

        @Override
        public long getCount() {
            return count;
        }
    }
}
