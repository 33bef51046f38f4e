package io.bulwark.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class runs only when the application's connections go through the run's PgBouncer; without
 * pgbouncer installed it is skipped, or fails the run under {@code -DrequirePgBouncer=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PgBouncerCondition.class)
public @interface RequiresPgBouncer {
}
