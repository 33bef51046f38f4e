package io.bulwark.webhook.intake;

import io.bulwark.problem.ProblemException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads one delivery's body without holding a thread while the sender is silent: the container calls back
 * when bytes arrive, and they go into an array that grows with what arrived (never with what was declared),
 * each growth reserved against the {@link IngestionBudget} first. The first of these ends the read: the
 * whole body, 413 as soon as the limit is passed, 503 when the budget cannot cover the next bytes, 408 when
 * the read deadline passes, 400 when the connection fails.
 */
final class BodyCollector implements ReadListener {

    private static final Logger LOG = Logger.getLogger(BodyCollector.class.getName());
    static final int FIRST_CHUNK = 16 * 1024;

    private final ServletInputStream in;
    private final IngestionBudget.Reservation reservation;
    private final IntakeSettings settings;
    private final long declaredLength;
    private final Consumer<ReceivedBody> whenRead;
    private final Consumer<ProblemException> whenRefused;
    private final Consumer<BodyCollector> whenEnded;
    private final AtomicBoolean ended = new AtomicBoolean();
    private byte[] data = new byte[0];
    private int size;

    BodyCollector(ServletInputStream in, IngestionBudget.Reservation reservation, IntakeSettings settings,
                  long declaredLength, Consumer<ReceivedBody> whenRead, Consumer<ProblemException> whenRefused,
                  Consumer<BodyCollector> whenEnded) {
        this.in = in;
        this.reservation = reservation;
        this.settings = settings;
        this.declaredLength = declaredLength;
        this.whenRead = whenRead;
        this.whenRefused = whenRefused;
        this.whenEnded = whenEnded;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!ended.get() && in.isReady()) {
            if (size == data.length) {
                if (declaredLength >= 0 && size >= declaredLength) {
                    return;
                }
                if (!grow()) {
                    return;
                }
            }
            int read = in.read(data, size, data.length - size);
            if (read < 0) {
                return;
            }
            size += read;
        }
    }

    /** Makes room for more bytes; false when the read ended instead (over the limit or the budget). */
    private boolean grow() {
        if (size > settings.maxBodyBytes()) {
            refuse(IntakeRefusals.tooLarge(settings.maxBodyBytes()));
            return false;
        }
        long next = Math.min(settings.maxBodyBytes() + 1L, Math.max(2L * size, FIRST_CHUNK));
        if (declaredLength >= 0) {
            next = Math.min(next, declaredLength);
        }
        if (!reservation.cover(next)) {
            refuse(IntakeRefusals.overBudget(settings.retryAfterSeconds()));
            return false;
        }
        data = Arrays.copyOf(data, (int) next);
        return true;
    }

    @Override
    public void onAllDataRead() {
        if (ended.compareAndSet(false, true)) {
            whenEnded.accept(this);
            byte[] body = size == data.length ? data : Arrays.copyOf(data, size);
            data = null;
            whenRead.accept(new ReceivedBody(body));
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.FINE, "A delivery's body could not be read: {0}", failure.toString());
        refuse(IntakeRefusals.unreadable());
    }

    /** The read deadline passed: ends the read with 408, unless it has already ended. */
    void timedOut() {
        refuse(IntakeRefusals.tooSlow(settings.readTimeout()));
    }

    private void refuse(ProblemException problem) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        whenEnded.accept(this);
        data = null;
        reservation.close();
        whenRefused.accept(problem);
    }
}
