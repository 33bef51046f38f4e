package io.bulwark.webhook.intake;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A call of the container into the application on behalf of a suspended request: the request's first dispatch, or
 * a callback of its body's read listener. Liberty loses the response (a NullPointerException in
 * SRTServletResponse.setHeader: the request's web application or connection is gone, and the sender gets no
 * answer at all) when a suspended response is written from another thread while such a call is still unwinding
 * through Liberty. A delivery is therefore answered only after every such call has returned and its thread has
 * left, unless the answering thread is that call's own.
 *
 * <p>Why each wait is there:
 * <ul>
 * <li>The return itself: the first dispatch returns through {@link HeaderCheckFilter}, a callback through
 * {@link BodyCollector}.</li>
 * <li>A pause after it: the application's last frame is not Liberty's. Without a pause, 8 of 540 answers were
 * lost in HostileTrafficIT's flood of 1 MiB bodies; with 2 ms, 2 of 16,000 in a benchmark run.</li>
 * <li>The thread having visibly left (parked in Liberty's pool, or on to another call): a fixed pause does not
 * cover a thread preempted while it unwinds, which on a loaded machine stays off the CPU longer.</li>
 * <li>The read-listener callback, not only the first dispatch: with only the first dispatch guarded, answers
 * made quickly after the body arrived were lost about once in 100,000 at 64 senders on two cores, written
 * while the callback that handed the body over was still unwinding (docs/performance.md).</li>
 * </ul>
 */
final class ContainerCall {

    private static final String ATTRIBUTE = ContainerCall.class.getName();
    private static final long LONGEST_WAIT_SECONDS = 5;
    private static final long CONTAINER_UNWINDING_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long LONGEST_UNWINDING_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long UNWINDING_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How many calls each thread has begun: a thread that began another has left the earlier one. */
    private static final ThreadLocal<AtomicLong> CALLS = ThreadLocal.withInitial(AtomicLong::new);

    private final CountDownLatch returned = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong threadCalls;
    /** The thread's count of calls begun when this one returned: a call nested inside this one is no later call. */
    private long callsAtReturn;
    private volatile long returnedAtNanos;

    private ContainerCall(Thread thread, AtomicLong threadCalls) {
        this.thread = thread;
        this.threadCalls = threadCalls;
    }

    /** A call of the container that begins now, on the calling thread. */
    static ContainerCall begin() {
        AtomicLong calls = CALLS.get();
        calls.incrementAndGet();
        return new ContainerCall(Thread.currentThread(), calls);
    }

    /** A call that returned long ago and whose thread has left: nothing to wait for. */
    static ContainerCall none() {
        ContainerCall none = new ContainerCall(null, new AtomicLong());
        none.callsAtReturn = -1;
        none.returnedAtNanos = System.nanoTime() - CONTAINER_UNWINDING_NANOS;
        none.returned.countDown();
        return none;
    }

    /** Begins the request's first dispatch, which {@link #firstDispatchOf} finds again. */
    static ContainerCall beginFirstDispatch(ServletRequest request) {
        ContainerCall dispatch = begin();
        request.setAttribute(ATTRIBUTE, dispatch);
        return dispatch;
    }

    /** The first dispatch of this request; {@link #none()} when the filter did not see the request. */
    static ContainerCall firstDispatchOf(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ContainerCall dispatch ? dispatch : none();
    }

    /** Says that the calling thread, which runs other calls of the container, has left any earlier one. */
    static void threadMovedOn() {
        CALLS.get().incrementAndGet();
    }

    void returned() {
        callsAtReturn = threadCalls.get();
        returnedAtNanos = System.nanoTime();
        returned.countDown();
    }

    /** Waits until the call has returned and its thread has left Liberty's side of it, unless it is the calling thread's own. */
    void awaitLeftUnlessCurrent() {
        if (Thread.currentThread() == thread || thread == null) {
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

    /** Running (or waiting for a lock) and not on to a later call: still inside Liberty's side of this one. */
    private boolean stillUnwinding() {
        Thread.State state = thread.getState();
        return (state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED) && threadCalls.get() == callsAtReturn;
    }
}
