package io.bulwark.database;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a database operation of a service for the {@link DatabaseMonitor}: its duration, outcome and
 * SQLState are recorded under {@link #value()}. Its interceptor runs outside {@code @Transactional}, so the
 * commit is part of the operation.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface MonitoredOperation {

    /** The operation's name in metrics and the health report, such as {@code webhook.store}. */
    @Nonbinding
    String value() default "";
}
