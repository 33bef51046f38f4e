package io.bulwark.database;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Spaces the attempts of a MicroProfile {@code @Retry} method exponentially, with jitter: MicroProfile Fault
 * Tolerance 4.1 retries only after a constant delay. Put it beside {@code @Retry(delay = 0, jitter = 0)}.
 *
 * <p>Two interceptors share this binding: {@link BackoffScope}, outside the Fault Tolerance interceptor,
 * starts a count for each call; {@link BackoffDelay}, inside it, sees every attempt and waits before each
 * retry {@code base * 2^(retry-1)}, capped, of which a random half is jitter ({@code database.retry.base-delay-ms},
 * {@code database.retry.max-delay-ms}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ExponentialBackoff {
}
