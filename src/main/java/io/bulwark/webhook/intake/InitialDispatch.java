package io.bulwark.webhook.intake;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the container thread that first dispatched a request has left the application. Liberty loses the
 * response's web application (a NullPointerException in SRTServletResponse.setHeader, answered 500) when a
 * suspended response is written from another thread while that first thread is still unwinding, and its
 * read-listener callbacks run on other threads from the moment the listener is set. A delivery is therefore
 * answered from another thread only after the first one has returned through {@link HeaderCheckFilter}.
 */
final class InitialDispatch {

    private static final String ATTRIBUTE = InitialDispatch.class.getName();
    private static final long LONGEST_WAIT_SECONDS = 5;
    // The filter's finally is the last point the application sees; Liberty still tidies the dispatch after it.
    // Seen without a pause: 8 of 540 answers lost (no answer, or a 500) in HostileTrafficIT's flood of 1 MiB bodies.
    // Seen with a 2 ms pause taken only by a thread that had to wait for the return: 3 answers lost in one run of
    // the whole suite, and 2 of 16,000 in a benchmark run, answered just after a return it had not waited for.
    // So every answer from another thread now comes at least this long after the return, however it got there.
    private static final long CONTAINER_UNWINDING_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final CountDownLatch returned = new CountDownLatch(1);
    private final Thread thread = Thread.currentThread();
    private volatile long returnedAtNanos;

    static InitialDispatch begin(ServletRequest request) {
        InitialDispatch dispatch = new InitialDispatch();
        request.setAttribute(ATTRIBUTE, dispatch);
        return dispatch;
    }

    /** The dispatch of this request; one that has already returned when the filter did not see the request. */
    static InitialDispatch of(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof InitialDispatch dispatch) {
            return dispatch;
        }
        InitialDispatch unknown = new InitialDispatch();
        unknown.returned();
        return unknown;
    }

    void returned() {
        returnedAtNanos = System.nanoTime();
        returned.countDown();
    }

    /** Whether the calling thread is the one of the first dispatch, still inside it. */
    boolean isCurrentThread() {
        return Thread.currentThread() == thread && returned.getCount() > 0;
    }

    /**
     * Waits until the first dispatch has returned and Liberty has had time to tidy it, unless it is the calling
     * thread's own. Most answers take longer than that to make, and wait for nothing.
     */
    void awaitReturnedUnlessCurrent() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (returned.await(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS)) {
                long unwound = returnedAtNanos + CONTAINER_UNWINDING_NANOS - System.nanoTime();
                if (unwound > 0) {
                    TimeUnit.NANOSECONDS.sleep(unwound);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
