package io.bulwark.database;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Waits before each retry of an {@link ExponentialBackoff} method. Its priority puts it inside the Fault
 * Tolerance interceptor, which proceeds through it once per attempt.
 */
@ExponentialBackoff
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 20)
public class BackoffDelay {

    @Inject
    @ConfigProperty(name = "database.retry.base-delay-ms", defaultValue = "50")
    long baseDelayMillis;

    @Inject
    @ConfigProperty(name = "database.retry.max-delay-ms", defaultValue = "1000")
    long maxDelayMillis;

    @Inject
    DatabaseMonitor monitor;

    @AroundInvoke
    Object delayRetries(InvocationContext context) throws Exception {
        int[] attempts = BackoffScope.ATTEMPTS.get();
        if (attempts != null && ++attempts[0] > 1) {
            monitor.recordRetry(context.getMethod().getDeclaringClass().getSimpleName() + "." + context.getMethod().getName());
            Thread.sleep(delayBefore(attempts[0] - 1));
        }
        return context.proceed();
    }

    long delayBefore(int retry) {
        long ceiling = Math.min(maxDelayMillis, baseDelayMillis << Math.min(retry - 1, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
