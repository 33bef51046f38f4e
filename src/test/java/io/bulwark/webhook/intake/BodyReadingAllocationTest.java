package io.bulwark.webhook.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.EnvelopeParser;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

// What taking in a body of 1 MiB costs in heap, from its first byte read to its envelope parsed: all the thread
// allocates, garbage included, after a warm-up. The body arrives in 8 KiB reads, as the container hands it on.
class BodyReadingAllocationTest {

    private static final int MIB = 1 << 20;
    private static final long BOUND = 4L * MIB;

    private final EnvelopeParser parser = new EnvelopeParser();
    private final IngestionBudget budget = new IngestionBudget();
    private final IntakeSettings settings = new IntakeSettings();

    BodyReadingAllocationTest() {
        budget.limitTo(64L * MIB, () -> { });
        settings.maxBodyBytes = MIB;
        settings.readTimeout = Duration.ofSeconds(10);
        settings.retryAfterSeconds = 5;
    }

    @Test
    void aDeclaredBodyIsReadIntoOneArrayOfItsSizeAndParsedWithinFourTimesItsSize() throws IOException {
        // Measured: about 2 MiB, the array's doublings from 16 KiB; the last one is the body itself.
        byte[] body = envelopeOfZeros(MIB);

        assertEquals("ping", takeIn(body, body.length));
        long allocated = allocatedBy(() -> takeIn(body, body.length));

        assertTrue(allocated <= BOUND, "reading and parsing a declared 1 MiB body allocated " + allocated + " bytes");
    }

    @Test
    void aChunkedBodyIsReadAndParsedWithinFourTimesItsSize() throws IOException {
        // Measured: about 3 MiB: the doublings up to the limit, and one copy to the body's exact size.
        byte[] body = envelopeOfZeros(MIB);

        assertEquals("ping", takeIn(body, -1));
        long allocated = allocatedBy(() -> takeIn(body, -1));

        assertTrue(allocated <= BOUND, "reading and parsing a chunked 1 MiB body allocated " + allocated + " bytes");
    }

    @Test
    void aBodyOverTheBudgetIsRefusedWith503AndHoldsNothingAfterwards() throws IOException {
        budget.limitTo(MIB, () -> { });
        byte[] body = envelopeOfZeros(MIB);
        AtomicReference<ProblemException> refusal = new AtomicReference<>();
        IngestionBudget.Reservation reservation = budget.open(IngestionBudget.COST_PER_BODY_BYTE);
        BodyCollector collector = new BodyCollector(new Pieces(body), reservation, settings, body.length,
                read -> { }, refusal::set, ended -> { });

        collector.onDataAvailable();

        assertNotNull(refusal.get(), "a body whose cost passes the budget is refused while it is read");
        assertEquals(503, refusal.get().status());
        assertEquals("5", refusal.get().headers().get("Retry-After"));
        IngestionBudget.Reservation next = budget.open(IngestionBudget.COST_PER_BODY_BYTE);
        assertTrue(next.cover(MIB / 3), "the refused body's reservation was given back");
        next.close();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413AsSoonAsItPassesIt() throws IOException {
        byte[] body = envelopeOfZeros(2 * MIB);
        AtomicReference<ProblemException> refusal = new AtomicReference<>();
        Pieces in = new Pieces(body);
        BodyCollector collector = new BodyCollector(in, budget.open(IngestionBudget.COST_PER_BODY_BYTE), settings, -1, read -> { }, refusal::set, ended -> { });

        collector.onDataAvailable();

        assertEquals(413, refusal.get().status());
        assertTrue(in.position <= MIB + 8 * 1024, "read no further than one piece past the limit: " + in.position);
    }

    private String takeIn(byte[] body, long declaredLength) {
        AtomicReference<ReceivedBody> received = new AtomicReference<>();
        AtomicReference<ProblemException> refusal = new AtomicReference<>();
        try (IngestionBudget.Reservation reservation = budget.open(IngestionBudget.COST_PER_BODY_BYTE)) {
            BodyCollector collector = new BodyCollector(new Pieces(body), reservation, settings, declaredLength,
                    received::set, refusal::set, ended -> { });
            collector.onDataAvailable();
            collector.onAllDataRead();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertNull(refusal.get());
        return parser.parse(received.get().bytes()).type();
    }

    private static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        work.run();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    private static byte[] envelopeOfZeros(int size) {
        StringBuilder json = new StringBuilder("{\"id\":\"evt_1\",\"type\":\"ping\",\"data\":{\"zeros\":[0");
        while (json.length() < size - 4) {
            json.append(",0");
        }
        json.append("]}}");
        while (json.length() < size) {
            json.insert(json.length() - 1, ' ');
        }
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A request body the container hands on in reads of at most 8 KiB, all of it available at once. */
    private static final class Pieces extends ServletInputStream {

        private final byte[] body;
        int position;

        Pieces(byte[] body) {
            this.body = body;
        }

        @Override
        public boolean isFinished() {
            return position == body.length;
        }

        @Override
        public boolean isReady() {
            return !isFinished();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the test calls the listener itself");
        }

        @Override
        public int read() {
            return isFinished() ? -1 : body[position++] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (isFinished()) {
                return -1;
            }
            int n = Math.min(Math.min(length, 8 * 1024), body.length - position);
            System.arraycopy(body, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
