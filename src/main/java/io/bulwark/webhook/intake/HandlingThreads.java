package io.bulwark.webhook.intake;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that handle a delivery once its body has been read, and write its answer:
 * {@code webhook.handler-threads} of them, made by the application's managed thread factory for this and nothing
 * else.
 *
 * <p>Why not Liberty's own pool: Liberty keeps, for every thread, the request that thread last served (its
 * dispatch context, path and URI, in per-thread data the web container sets when it runs a request, a read-listener
 * callback or the completion of a response, and never clears after the last two). When a response is written,
 * Liberty reads that per-thread data before the request's own. So an answer written on one of Liberty's threads was
 * written with some other request's dispatch context: asked on such a thread, a delivery's request gave another
 * delivery's path in 16 of 180 answers of one load test, and whenever that other request had ended meanwhile,
 * {@code SRTServletResponse.setHeader} failed with a NullPointerException and the sender never got an answer. A
 * thread that has never served a request has no such data, and Liberty then uses the request's own.
 *
 * <p>Queued deliveries hold only what the {@link IngestionBudget} already covers; a delivery waiting for its group's
 * commit holds its thread, so the number of threads also bounds how many deliveries can meet in one commit.
 */
@ApplicationScoped
public class HandlingThreads {

    private static final long STOP_WAIT_SECONDS = 10;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    @ConfigProperty(name = "webhook.handler-threads", defaultValue = "64")
    int size;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        if (size < 1) {
            throw new IllegalStateException("webhook.handler-threads (" + size + ") must be at least 1");
        }
        pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
    }

    /** Created with the application, so that a bad setting stops it from starting rather than failing deliveries. */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // The call itself is the point: CDI creates the bean (and checks its setting) to deliver it.
    }

    /**
     * Runs {@code task} on one of these threads.
     *
     * @throws RejectedExecutionException once the application is stopping
     */
    void execute(Runnable task) {
        pool.execute(task);
    }

    /** Lets the deliveries already handed over finish, for a while, so that their senders get their answers. */
    @PreDestroy
    void stop() {
        pool.shutdown();
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
