package io.bulwark.webhook.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {

    private static final long LONG_LINGER = TimeUnit.SECONDS.toNanos(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> lingers = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aLoneSubmissionIsCommittedWithoutLingering() {
        GroupCommitter<String, String> committer = committer(this::echo, 64, 1, LONG_LINGER);

        assertEquals("a!", committer.submit("a"));

        assertEquals(List.of(List.of("a")), committed);
        assertTrue(lingers.get(0) < TimeUnit.SECONDS.toNanos(1), "nothing was announced, so the group did not wait");
    }

    @Test
    void submissionsQueuedBehindABusyCommitFormTheNextGroupInArrivalOrder() throws Exception {
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(this::echo), 64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        List<Future<String>> queued = new ArrayList<>();
        for (String item : List.of("b", "c", "d", "e")) {
            queued.add(submitAsync(committer, item));
            awaitQueued(committer, queued.size());
        }

        gate.release();

        assertEquals("first!", first.get(10, TimeUnit.SECONDS));
        for (int i = 0; i < queued.size(); i++) {
            assertEquals(List.of("b", "c", "d", "e").get(i) + "!", queued.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(List.of("first"), List.of("b", "c", "d", "e")), committed);
    }

    @Test
    void groupsNeverExceedTheirMaximumSize() throws Exception {
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(this::echo), 3, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        List<Future<String>> queued = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            queued.add(submitAsync(committer, "q" + i));
            awaitQueued(committer, i + 1);
        }

        gate.release();

        first.get(10, TimeUnit.SECONDS);
        for (Future<String> answer : queued) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 3, 3, 1), committed.stream().map(List::size).toList());
    }

    @Test
    void groupsNeverExceedTheirMaximumWeightAndAHeavyMemberCommitsAlone() throws Exception {
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = new GroupCommitter<>(gate.holdingFirst(group -> {
            committed.add(List.copyOf(group));
            return echo(group);
        }), (size, lingerNanos) -> { }, 64, 10, String::length, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        List<String> items = List.of("aaaa", "bbbb", "cccc", "dddddddddddddddd", "ee");
        List<Future<String>> queued = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            queued.add(submitAsync(committer, items.get(i)));
            awaitQueued(committer, i + 1);
        }

        gate.release();

        first.get(10, TimeUnit.SECONDS);
        for (Future<String> answer : queued) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(List.of("first"), List.of("aaaa", "bbbb"), List.of("cccc"), List.of("dddddddddddddddd"), List.of("ee")),
                committed, "8 of 10 fit, the third 4 would make 12, a member of 16 goes alone, then the rest");
    }

    @Test
    void aFailedCommitFailsEveryMemberOfThatGroupAndNoOther() throws Exception {
        Gate gate = new Gate();
        IllegalStateException broken = new IllegalStateException("database gone");
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(group -> {
            if (group.contains("bad")) {
                throw broken;
            }
            return echo(group);
        }), 64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        Future<String> bad = submitAsync(committer, "bad");
        awaitQueued(committer, 1);
        Future<String> neighbour = submitAsync(committer, "neighbour");
        awaitQueued(committer, 2);

        gate.release();

        assertEquals("first!", first.get(10, TimeUnit.SECONDS));
        assertSame(broken, assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS)).getCause());
        assertSame(broken, assertThrows(ExecutionException.class, () -> neighbour.get(10, TimeUnit.SECONDS)).getCause());
        assertEquals("after!", committer.submit("after"), "the committer keeps working after a failed group");
    }

    @Test
    void aLeaderWaitsForAnnouncedDeliveriesAndStopsWhenTheyHaveArrived() throws Exception {
        GroupCommitter<String, String> committer = committer(this::echo, 64, 1, LONG_LINGER);
        GroupCommitter.Arrival second = committer.arriving();
        Future<String> first = submitAsync(committer, "first");
        awaitQueued(committer, 1);
        assertFalse(first.isDone(), "the group waits while a delivery is on its way");

        second.close();
        String answer = committer.submit("second");

        assertEquals("second!", answer);
        assertEquals("first!", first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("first", "second")), committed);
        assertTrue(lingers.get(0) < TimeUnit.SECONDS.toNanos(10), "stopped waiting once nothing more was on its way");
    }

    @Test
    void lingeringIsBoundedWhenAnAnnouncedDeliveryNeverComes() throws Exception {
        long linger = TimeUnit.MILLISECONDS.toNanos(20);
        GroupCommitter<String, String> committer = committer(this::echo, 64, 1, linger);
        GroupCommitter.Arrival neverSubmitted = committer.arriving();

        assertEquals("a!", committer.submit("a"));

        assertTrue(lingers.get(0) >= linger, "waited for the announced delivery");
        neverSubmitted.close();
    }

    @Test
    void severalGroupsCommitAtOnceUpToTheConcurrency() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommitter<String, String> committer = committer(group -> {
            bothInside.countDown();
            await(release);
            return echo(group);
        }, 64, 2, 0);
        Future<String> a = submitAsync(committer, "a");
        Future<String> b = submitAsync(committer, "b");

        assertTrue(bothInside.await(10, TimeUnit.SECONDS), "a second group committed while the first was still committing");
        release.countDown();
        assertEquals("a!", a.get(10, TimeUnit.SECONDS));
        assertEquals("b!", b.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueUncommitted() throws Exception {
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(this::echo), 64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        CompletableFuture<Thread> waiterThread = new CompletableFuture<>();
        Future<String> waiter = threads.submit(() -> {
            waiterThread.complete(Thread.currentThread());
            return committer.submit("impatient");
        });
        awaitQueued(committer, 1);

        waiterThread.get().interrupt();

        assertTrue(assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS)).getCause() instanceof CancellationException);
        gate.release();
        first.get(10, TimeUnit.SECONDS);
        assertEquals("later!", committer.submit("later"));
        assertEquals(List.of(List.of("first"), List.of("later")), committed);
    }

    @Test
    void anObserverThatThrowsFailsEveryMemberOfItsGroupAndLaterGroupsStillForm() throws Exception {
        IllegalStateException broken = new IllegalStateException("metrics registry gone");
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(this::echo), throwingOnGroup(2, broken), 64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        Future<String> leader = submitAsync(committer, "b");
        awaitQueued(committer, 1);
        Future<String> member = submitAsync(committer, "c");
        awaitQueued(committer, 2);

        gate.release();

        assertEquals("first!", first.get(10, TimeUnit.SECONDS));
        assertSame(broken, failureOf(leader));
        assertSame(broken, failureOf(member));
        assertEquals("after!", submitAsync(committer, "after").get(10, TimeUnit.SECONDS), "a later submission forms a group");
        assertEquals(List.of(List.of("first"), List.of("after")), committed, "the failed group was never committed");
    }

    @Test
    void anObserverThatThrowsAnErrorFailsEveryMemberOfItsGroupAndLaterGroupsStillForm() throws Exception {
        Error broken = new ObserverError();
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(this::echo), throwingOnGroup(2, broken), 64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        Future<String> leader = submitAsync(committer, "b");
        awaitQueued(committer, 1);
        Future<String> member = submitAsync(committer, "c");
        awaitQueued(committer, 2);

        gate.release();

        assertEquals("first!", first.get(10, TimeUnit.SECONDS));
        assertSame(broken, failureOf(leader), "the leader's thread carries the error on");
        Throwable memberFailure = failureOf(member);
        assertTrue(memberFailure instanceof IllegalStateException, memberFailure.toString());
        assertSame(broken, memberFailure.getCause(), "the other members learn what failed their group");
        assertEquals("after!", submitAsync(committer, "after").get(10, TimeUnit.SECONDS), "a later submission forms a group");
        assertEquals(List.of(List.of("first"), List.of("after")), committed, "the failed group was never committed");
    }

    @Test
    void aCommitThatThrowsAnErrorFailsEveryMemberOfItsGroupAndLaterGroupsStillForm() throws Exception {
        Error broken = new ObserverError();
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(group -> {
            if (group.contains("b")) {
                throw broken;
            }
            return echo(group);
        }), 64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        Future<String> leader = submitAsync(committer, "b");
        awaitQueued(committer, 1);
        Future<String> member = submitAsync(committer, "c");
        awaitQueued(committer, 2);

        gate.release();

        assertEquals("first!", first.get(10, TimeUnit.SECONDS));
        assertSame(broken, failureOf(leader));
        assertSame(broken, failureOf(member).getCause());
        assertEquals("after!", submitAsync(committer, "after").get(10, TimeUnit.SECONDS));
    }

    @Test
    void moreFailedGroupsThanCommitSlotsLeaveEverySlotFree() throws Exception {
        AtomicInteger formed = new AtomicInteger();
        CountDownLatch bothInside = new CountDownLatch(2);
        GroupCommitter<String, String> committer = new GroupCommitter<>(group -> {
            bothInside.countDown();
            await(bothInside);
            return echo(group);
        }, (size, lingerNanos) -> {
            if (formed.incrementAndGet() <= 3) {
                throw new ObserverError();
            }
        }, 64, Long.MAX_VALUE, item -> 1, 2, 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(failureOf(submitAsync(committer, "failing" + i)) instanceof ObserverError);
        }

        Future<String> a = submitAsync(committer, "a");
        // b is sent once a's group is committing, so that it cannot join that group and needs the other slot.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bothInside.getCount() == 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        Future<String> b = submitAsync(committer, "b");

        assertEquals("a!", a.get(10, TimeUnit.SECONDS), "two groups committed side by side: both slots are free again");
        assertEquals("b!", b.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCommitReturningTooFewResultsFailsEveryMemberOfItsGroup() throws Exception {
        Gate gate = new Gate();
        GroupCommitter<String, String> committer = committer(gate.holdingFirst(group -> group.contains("b") ? List.of("b!") : echo(group)),
                64, 1, 0);
        Future<String> first = submitAsync(committer, "first");
        gate.awaitHeld();
        Future<String> leader = submitAsync(committer, "b");
        awaitQueued(committer, 1);
        Future<String> member = submitAsync(committer, "c");
        awaitQueued(committer, 2);

        gate.release();

        first.get(10, TimeUnit.SECONDS);
        assertTrue(failureOf(leader) instanceof IllegalStateException, "no member is handed another's result");
        assertTrue(failureOf(member) instanceof IllegalStateException, "no member is handed another's result");
    }

    private GroupCommitter<String, String> committer(GroupCommitter.Work<String, String> work, int maxSize, int concurrency,
                                                     long linger) {
        return new GroupCommitter<>(group -> {
            List<String> results = work.commit(group);
            committed.add(List.copyOf(group));
            return results;
        }, (size, lingerNanos) -> lingers.add(lingerNanos), maxSize, Long.MAX_VALUE, item -> 1, concurrency, linger);
    }

    private GroupCommitter<String, String> committer(GroupCommitter.Work<String, String> work, GroupCommitter.Observer observer,
                                                     int maxSize, int concurrency, long linger) {
        return new GroupCommitter<>(group -> {
            List<String> results = work.commit(group);
            committed.add(List.copyOf(group));
            return results;
        }, observer, maxSize, Long.MAX_VALUE, item -> 1, concurrency, linger);
    }

    /** An observer that throws {@code failure} when told of the {@code n}th group, and records the others. */
    private GroupCommitter.Observer throwingOnGroup(int n, Throwable failure) {
        AtomicInteger formed = new AtomicInteger();
        return (size, lingerNanos) -> {
            if (formed.incrementAndGet() == n) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
            lingers.add(lingerNanos);
        };
    }

    /** What the submission threw, waiting at most 10 s for it. */
    private static Throwable failureOf(Future<String> answer) {
        return assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS)).getCause();
    }

    private List<String> echo(List<String> group) {
        return group.stream().map(item -> item + "!").toList();
    }

    private Future<String> submitAsync(GroupCommitter<String, String> committer, String item) {
        return threads.submit(() -> committer.submit(item));
    }

    /** Waits until {@code count} submissions wait in the queue; the queue is the committer's only observable state. */
    private static void awaitQueued(GroupCommitter<String, String> committer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (committer.waiting() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("submissions did not queue: " + committer.waiting() + " of " + count);
            }
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stands for an error no caller can handle, such as running out of memory. */
    private static final class ObserverError extends Error {

        private static final long serialVersionUID = 1L;
    }

    /** Holds the first group's commit until released, so that later submissions queue behind it. */
    private static final class Gate {

        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger commits = new AtomicInteger();

        GroupCommitter.Work<String, String> holdingFirst(GroupCommitter.Work<String, String> work) {
            return group -> {
                if (commits.getAndIncrement() == 0) {
                    held.countDown();
                    await(released);
                }
                return work.commit(group);
            };
        }

        void awaitHeld() throws InterruptedException, TimeoutException {
            if (!held.await(10, TimeUnit.SECONDS)) {
                throw new TimeoutException("the first commit never started");
            }
        }

        void release() {
            released.countDown();
        }
    }
}
