package io.bulwark.webhook.intake;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the container thread that first dispatched a request has returned through {@link HeaderCheckFilter}.
 * On its way out the filter adds the listener that counts the delivery's answer ({@link FirstDispatchObserver});
 * an answer completed before that would leave it uncounted, or race the listener's registration. So a delivery is
 * answered from another thread only after that return. Most answers take longer than that to make, and wait for
 * nothing.
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

    /** Waits until the first dispatch has returned, unless it is the calling thread's own. */
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
