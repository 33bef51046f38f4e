package io.bulwark.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Liveness goes DOWN for its real cause and comes back UP when the cause is gone, and readiness does not go
 * DOWN because of load, as a kubelet polling the server sees it. Runs inside the server so that it can cause
 * the trouble there.
 */
@ExtendWith(ArquillianExtension.class)
class ProbesIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void livenessIsDownWhileThreadsAreDeadlockedAndUpAfterwards() throws Exception {
        assertEquals(200, probe("/health/live"));
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHeld = new CountDownLatch(2);
        Thread one = new Thread(() -> lockBoth(first, second, bothHeld), "deadlock-one");
        Thread two = new Thread(() -> lockBoth(second, first, bothHeld), "deadlock-two");
        one.start();
        two.start();
        try {
            assertTrue(awaitDeadlock(one, two), "the two threads deadlocked");
            awaitProbe("/health/live", 503);
        } finally {
            one.interrupt();
            two.interrupt();
            one.join(5_000);
            two.join(5_000);
        }
        awaitProbe("/health/live", 200);
    }

    @Test
    void readinessStaysUpWhileEveryPooledConnectionIsBusy() throws Exception {
        assertEquals(200, probe("/health/ready"));
        DataSource dataSource = InitialContext.doLookup("jdbc/bulwark");
        ManagedExecutorService executor = InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
        int poolMax = ConfigProvider.getConfig().getOptionalValue("DB_POOL_MAX", Integer.class).orElse(20);
        CountDownLatch taken = new CountDownLatch(poolMax);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> holders = new ArrayList<>();
        for (int i = 0; i < poolMax; i++) {
            holders.add(executor.submit(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.isValid(2);
                    taken.countDown();
                    release.await(60, TimeUnit.SECONDS);
                }
                return null;
            }));
        }
        try {
            assertEquals(true, taken.await(30, TimeUnit.SECONDS), "every pooled connection taken");
            for (int probe = 0; probe < 10; probe++) {
                assertEquals(200, probe("/health/ready"), "a burst that takes the whole pool leaves the replica in the Service");
                Thread.sleep(200);
            }
        } finally {
            release.countDown();
            for (Future<?> holder : holders) {
                holder.get(30, TimeUnit.SECONDS);
            }
        }
        awaitProbe("/health/ready", 200);
    }

    private static boolean awaitDeadlock(Thread one, Thread two) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long[] deadlocked = threads.findDeadlockedThreads();
            if (deadlocked != null && LongStream.of(deadlocked).boxed().toList().containsAll(List.of(one.getId(), two.getId()))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHeld) {
        mine.lock();
        try {
            bothHeld.countDown();
            bothHeld.await();
            theirs.lockInterruptibly();
            theirs.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mine.unlock();
        }
    }

    private void awaitProbe(String path, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = probe(path);
            if (status == expected) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, status, path);
    }

    private int probe(String path) throws Exception {
        String port = ConfigProvider.getConfig().getValue("HTTP_PORT", String.class);
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
