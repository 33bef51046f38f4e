package io.bulwark.webhook.intake;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the container thread that first dispatched a request has left the application. A suspended response
 * written from another thread while that first thread is still inside the request races Liberty's own
 * completion of the dispatch, and the body's read-listener callbacks run on other threads from the moment the
 * listener is set. A delivery is therefore answered from another thread only after the first one has returned
 * through {@link HeaderCheckFilter}.
 *
 * <p>Earlier versions also paused 5 ms after that return and then polled the thread's state until it had visibly
 * left Liberty's side of the request. Both were added while answers were still written inside Liberty's
 * read-listener callback, which was the cause of the lost answers they were meant to stop ({@link DeliveryIntake});
 * since every answer comes from a managed thread, no answer was lost without them (docs/performance.md), and the
 * pause alone was most of a lone delivery's latency.
 */
final class InitialDispatch {

    private static final String ATTRIBUTE = InitialDispatch.class.getName();
    private static final long LONGEST_WAIT_SECONDS = 5;

    private final CountDownLatch returned = new CountDownLatch(1);
    private final Thread thread = Thread.currentThread();

    private InitialDispatch() {
    }

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
        returned.countDown();
    }

    /** Waits until the first dispatch has returned, unless it is the calling thread's own. Most answers wait for nothing. */
    void awaitReturnedUnlessCurrent() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            returned.await(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
