package io.bulwark.webhook.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * Coalesces concurrent submissions into groups, each committed by one of its members' threads (the leader)
 * while the others wait for their share of the result; no thread of its own, no queue outliving its callers.
 * A submitter returns only when the group that contains it has been committed, so nothing is answered before
 * the commit, and a crash can lose only submissions nobody has been answered for.
 *
 * <p>At most {@code concurrency} groups are formed or committed at once; while all are busy, submissions
 * queue and the next group takes up to {@code maxSize} of them, in arrival order and no more than
 * {@code maxWeight} in all (a busy database makes groups large on its
 * own). A leader waits for more members, at most {@code linger}, only while deliveries announced through
 * {@link #arriving()} have not yet been submitted: a lone delivery is committed without any wait.
 *
 * @param <T> what is submitted
 * @param <R> each member's result
 */
public final class GroupCommitter<T, R> {

    /** Commits one group; a thrown exception is the result of every member. */
    @FunctionalInterface
    public interface Work<T, R> {

        /** @return one result per member, in the members' order */
        List<R> commit(List<T> group);
    }

    /** Told about every group before it is committed. */
    @FunctionalInterface
    public interface Observer {

        void formed(int size, long lingerNanos);
    }

    /** A delivery on its way to {@link #submit}; closing it says it arrived (or will not come). */
    public interface Arrival extends AutoCloseable {

        @Override
        void close();
    }

    private final Work<T, R> work;
    private final Observer observer;
    private final int maxSize;
    private final long maxWeight;
    private final ToLongFunction<? super T> weight;
    private final int concurrency;
    private final long lingerNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition submitted = lock.newCondition();
    private final ArrayDeque<Member<T, R>> queue = new ArrayDeque<>();
    private final AtomicInteger arriving = new AtomicInteger();
    private int busy;
    private boolean gathering;

    /**
     * @param maxSize   most members in a group
     * @param maxWeight most total {@code weight} of a group's members; a member heavier than that alone still
     *                  forms a group of its own
     */
    public GroupCommitter(Work<T, R> work, Observer observer, int maxSize, long maxWeight, ToLongFunction<? super T> weight,
                          int concurrency, long lingerNanos) {
        if (maxSize < 1 || maxWeight < 1 || concurrency < 1 || lingerNanos < 0) {
            throw new IllegalArgumentException("group size, weight and concurrency must be at least 1, linger not negative");
        }
        this.work = work;
        this.observer = observer;
        this.maxSize = maxSize;
        this.maxWeight = maxWeight;
        this.weight = weight;
        this.concurrency = concurrency;
        this.lingerNanos = lingerNanos;
    }

    /** Announces a delivery that is being received and will probably be submitted soon. */
    public Arrival arriving() {
        arriving.incrementAndGet();
        AtomicInteger once = new AtomicInteger();
        return () -> {
            if (once.getAndIncrement() == 0) {
                arriving.decrementAndGet();
            }
        };
    }

    /**
     * Commits {@code item} as part of a group and returns its result once that group is committed.
     *
     * @throws RuntimeException what the group's commit (or the observer) threw; when that was an {@link Error},
     *                          the other members get an {@link IllegalStateException} caused by it, and the
     *                          member whose thread led the group gets the error itself
     * @throws CancellationException when interrupted before the item joined a group (then it is not committed)
     */
    public R submit(T item) {
        Member<T, R> member = new Member<>(item, lock.newCondition());
        lock.lock();
        try {
            queue.addLast(member);
            submitted.signalAll();
            dispatch();
            awaitTurn(member);
        } finally {
            lock.unlock();
        }
        if (member.leading) {
            lead(member);
        }
        return member.result();
    }

    /**
     * Makes the oldest waiting member the leader of the next group, if no group is gathering and a slot is
     * free. The leader leaves the queue at once: from here on it belongs to a group that {@link #lead} always
     * completes, whatever fails.
     */
    private void dispatch() {
        if (!gathering && busy < concurrency && !queue.isEmpty()) {
            Member<T, R> head = queue.pollFirst();
            head.leading = true;
            gathering = true;
            busy++;
            head.signal.signal();
        }
    }

    private void awaitTurn(Member<T, R> member) {
        while (!member.leading && !member.done) {
            try {
                member.signal.await();
            } catch (InterruptedException e) {
                if (member.leading) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (queue.remove(member)) {
                    Thread.currentThread().interrupt();
                    CancellationException cancelled = new CancellationException("interrupted before joining a group; not stored");
                    cancelled.initCause(e);
                    throw cancelled;
                }
                awaitCommitted(member);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits, uninterrupted, for a member that already belongs to a group being committed. */
    private void awaitCommitted(Member<T, R> member) {
        while (!member.leading && !member.done) {
            member.signal.awaitUninterruptibly();
        }
    }

    /**
     * Gathers a group headed by {@code leader}, commits it and hands each member its result. Whatever is thrown
     * on the way (by gathering, the observer or the commit) becomes the result of every member taken so far,
     * and the slot and the gathering turn are given back, so that later submissions still form groups.
     */
    private void lead(Member<T, R> leader) {
        Group<T, R> group = null;
        List<R> results = null;
        RuntimeException failure = null;
        try {
            group = gather(leader);
            observer.formed(group.members.size(), group.lingerNanos);
            results = work.commit(group.members.stream().map(member -> member.item).toList());
            if (results.size() != group.members.size()) {
                failure = new IllegalStateException(results.size() + " results for a group of " + group.members.size());
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException("the group failed", e);
            throw e;
        } finally {
            finish(group == null ? List.of(leader) : group.members, results, failure);
        }
    }

    /** The members taken so far, the leader first, and how long the leader waited for them. */
    private static final class Group<T, R> {

        final List<Member<T, R>> members;
        long lingerNanos;

        Group(Member<T, R> leader, int maxSize) {
            members = new ArrayList<>(maxSize);
            members.add(leader);
        }
    }

    /**
     * Takes the queued submissions into the leader's group, after waiting (at most the linger) for announced
     * ones, and hands the gathering turn on, even when it fails. Nothing that can fail follows the first member
     * taken from the queue, so a member is either in the returned group or still queued.
     */
    private Group<T, R> gather(Member<T, R> leader) {
        lock.lock();
        try {
            Group<T, R> group = new Group<>(leader, maxSize);
            long started = System.nanoTime();
            long deadline = started + lingerNanos;
            boolean interrupted = false;
            while (group.members.size() + queue.size() < maxSize && arriving.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    submitted.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            group.lingerNanos = System.nanoTime() - started;
            long groupWeight = weight.applyAsLong(leader.item);
            while (group.members.size() < maxSize && !queue.isEmpty()) {
                long next = weight.applyAsLong(queue.peekFirst().item);
                if (groupWeight + next > maxWeight) {
                    break;
                }
                groupWeight += next;
                group.members.add(queue.pollFirst());
            }
            return group;
        } finally {
            gathering = false;
            dispatch();
            lock.unlock();
        }
    }

    private void finish(List<Member<T, R>> group, List<R> results, RuntimeException failure) {
        lock.lock();
        try {
            busy--;
            dispatch();
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(failure == null ? results.get(i) : null, failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Submissions whose group has not formed yet: those queued, and a leader still gathering. */
    int waiting() {
        lock.lock();
        try {
            return queue.size() + (gathering ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    private static final class Member<T, R> {

        final T item;
        final Condition signal;
        boolean leading;
        boolean done;
        R result;
        RuntimeException failure;

        Member(T item, Condition signal) {
            this.item = item;
            this.signal = signal;
        }

        void complete(R value, RuntimeException error) {
            result = value;
            failure = error;
            done = true;
            leading = false;
            signal.signal();
        }

        R result() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
