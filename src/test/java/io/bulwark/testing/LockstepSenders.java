package io.bulwark.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Senders in lockstep: in each round every sender sends one item, all released at the same moment, and the
 * next round starts when the whole round is answered. The server sees each round as one burst of concurrent
 * requests, so deliveries meant to meet (copies of one delivery, updates of one account, good and bad ones)
 * arrive together rather than spread out by the senders' own pace.
 */
public final class LockstepSenders {

    private LockstepSenders() {
    }

    /** Sends {@code rounds} (each as long as there are senders) with {@code send}; the answers, round after round. */
    public static <T, R> List<R> send(List<List<T>> rounds, Function<T, R> send) {
        int senders = rounds.get(0).size();
        if (rounds.stream().anyMatch(round -> round.size() != senders)) {
            throw new IllegalArgumentException("every round needs one item per sender (" + senders + ")");
        }
        CyclicBarrier released = new CyclicBarrier(senders);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<List<R>>> bySender = new ArrayList<>();
            for (int sender = 0; sender < senders; sender++) {
                int own = sender;
                bySender.add(pool.submit(() -> {
                    List<R> answers = new ArrayList<>();
                    for (List<T> round : rounds) {
                        released.await(5, TimeUnit.MINUTES);
                        try {
                            answers.add(send.apply(round.get(own)));
                        } catch (RuntimeException e) {
                            // The other senders would wait for this one at the next round.
                            released.reset();
                            throw e;
                        }
                    }
                    return answers;
                }));
            }
            List<List<R>> answers = collect(bySender);
            List<R> inOrder = new ArrayList<>();
            for (int round = 0; round < rounds.size(); round++) {
                for (List<R> sent : answers) {
                    inOrder.add(sent.get(round));
                }
            }
            return inOrder;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every sender's answers; on a failure, the sender's own cause rather than the broken barrier it left. */
    private static <R> List<List<R>> collect(List<Future<List<R>>> bySender) {
        List<List<R>> answers = new ArrayList<>();
        ExecutionException failure = null;
        for (Future<List<R>> sender : bySender) {
            try {
                answers.add(sender.get());
            } catch (ExecutionException e) {
                if (failure == null || failure.getCause() instanceof BrokenBarrierException) {
                    failure = e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("a sender failed", failure.getCause());
        }
        return answers;
    }
}
