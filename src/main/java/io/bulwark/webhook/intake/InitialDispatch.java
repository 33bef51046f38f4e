package io.bulwark.webhook.intake;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
    // A fixed pause does not cover a dispatch thread preempted while it unwinds, which on a loaded machine can stay
    // off the CPU longer than that. So the answer also waits, up to this long, until that thread has visibly left
    // the request: parked in Liberty's pool, or dispatching a later request.
    private static final long LONGEST_UNWINDING_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long UNWINDING_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How many requests each container thread has begun to dispatch through the filter. */
    private static final ThreadLocal<AtomicLong> DISPATCHES = ThreadLocal.withInitial(AtomicLong::new);

    private final CountDownLatch returned = new CountDownLatch(1);
    private final Thread thread = Thread.currentThread();
    private final AtomicLong threadDispatches;
    private final long dispatch;
    private volatile long returnedAtNanos;

    private InitialDispatch(AtomicLong threadDispatches) {
        this.threadDispatches = threadDispatches;
        this.dispatch = threadDispatches.incrementAndGet();
    }

    static InitialDispatch begin(ServletRequest request) {
        InitialDispatch dispatch = new InitialDispatch(DISPATCHES.get());
        request.setAttribute(ATTRIBUTE, dispatch);
        return dispatch;
    }

    /** The dispatch of this request; one that has already returned when the filter did not see the request. */
    static InitialDispatch of(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof InitialDispatch dispatch) {
            return dispatch;
        }
        InitialDispatch unknown = new InitialDispatch(new AtomicLong());
        unknown.returned();
        // Its thread is not known to be this request's: nothing to wait for.
        unknown.threadDispatches.incrementAndGet();
        return unknown;
    }

    void returned() {
        returnedAtNanos = System.nanoTime();
        returned.countDown();
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
                awaitThreadLeft();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitThreadLeft() {
        long deadline = System.nanoTime() + LONGEST_UNWINDING_NANOS;
        while (stillUnwinding() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(UNWINDING_POLL_NANOS);
        }
    }

    /** Running (or waiting for a lock) and not yet on to another request: still inside Liberty's side of this one. */
    private boolean stillUnwinding() {
        Thread.State state = thread.getState();
        return (state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED) && threadDispatches.get() == dispatch;
    }
}
