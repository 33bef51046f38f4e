package io.bulwark.database;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Starts the attempt count of one call of an {@link ExponentialBackoff} method. Its priority puts it outside
 * the Fault Tolerance interceptor ({@code PLATFORM_AFTER + 10}), so it runs once per call, not per attempt.
 */
@ExponentialBackoff
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class BackoffScope {

    static final ThreadLocal<int[]> ATTEMPTS = new ThreadLocal<>();

    @AroundInvoke
    Object countAttempts(InvocationContext context) throws Exception {
        int[] outer = ATTEMPTS.get();
        ATTEMPTS.set(new int[1]);
        try {
            return context.proceed();
        } finally {
            if (outer == null) {
                ATTEMPTS.remove();
            } else {
                ATTEMPTS.set(outer);
            }
        }
    }
}
