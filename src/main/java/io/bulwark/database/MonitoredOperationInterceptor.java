package io.bulwark.database;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Times a {@link MonitoredOperation} and reports its outcome. Its priority is below the transaction
 * interceptor's ({@code PLATFORM_BEFORE + 200}), so a failed commit counts as a failed operation.
 */
@MonitoredOperation
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class MonitoredOperationInterceptor {

    @Inject
    DatabaseMonitor monitor;

    @AroundInvoke
    Object monitor(InvocationContext context) throws Exception {
        String operation = operationName(context);
        long started = System.nanoTime();
        try {
            Object result = context.proceed();
            monitor.record(operation, System.nanoTime() - started, null);
            return result;
        } catch (Exception | Error failure) {
            monitor.record(operation, System.nanoTime() - started, failure);
            throw failure;
        }
    }

    private static String operationName(InvocationContext context) {
        MonitoredOperation annotation = context.getMethod().getAnnotation(MonitoredOperation.class);
        if (annotation == null) {
            annotation = context.getMethod().getDeclaringClass().getAnnotation(MonitoredOperation.class);
        }
        String name = annotation == null ? "" : annotation.value();
        return name.isEmpty() ? context.getMethod().getDeclaringClass().getSimpleName() + "." + context.getMethod().getName() : name;
    }
}
