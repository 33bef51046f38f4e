package io.bulwark.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive unless threads of the process are deadlocked: a state only a restart cures. It never looks at the
 * database: an unreachable database makes the pod unready, not dead, and restarting it would not help.
 */
@Liveness
@ApplicationScoped
public class DeadlockLivenessCheck implements HealthCheck {

    static final String NAME = "threads";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public HealthCheckResponse call() {
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked == null) {
            return HealthCheckResponse.named(NAME).up().withData("threads", threads.getThreadCount()).build();
        }
        String names = Arrays.stream(threads.getThreadInfo(deadlocked))
                .filter(info -> info != null)
                .map(ThreadInfo::getThreadName)
                .collect(Collectors.joining(", "));
        return HealthCheckResponse.named(NAME).down()
                .withData("deadlocked", deadlocked.length)
                .withData("error", "deadlocked threads: " + names)
                .build();
    }
}
