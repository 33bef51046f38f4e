package io.bulwark.database;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.sql.SQLRecoverableException;
import java.util.Arrays;

/**
 * Turns the {@link StackOverflowError} that Liberty's connection manager throws for a connection lost behind
 * PgBouncer back into what it is: a lost connection, a {@link TransientDatabaseException}.
 *
 * <p>Why it happens: when PostgreSQL ends a backend that PgBouncer had lent to one of our connections
 * (pg_terminate_backend, a restart), PgBouncer forwards PostgreSQL's {@code FATAL 57P01} and then sends its
 * own {@code FATAL 08P01 server conn crashed?}. PgJDBC (42.7.14 and earlier) chains the second to the first
 * as its next exception, and gives the second the first as its cause, because the first failed the
 * transaction. Liberty's connection manager writes the chain into its J2CA0056 message by following each
 * exception's cause, else its next exception, with no end on a cycle: {@code J2CUtilityClass
 * .generateExceptionString} recurses until the stack overflows, whatever the stack size. Straight to
 * PostgreSQL there is no second error and no cycle. No setting of PgJDBC, PgBouncer or Liberty avoids it,
 * so it is caught here, at the boundary of every database operation ({@link MonitoredOperation}), and
 * nowhere else. {@code ConnectionManagerOverflowIT} reproduces it on the real stack.
 *
 * <p>Liberty's pool learns of the lost connection when the transaction rolls back on it. A stack overflow
 * from anywhere else is a bug and passes unchanged.
 *
 * <p>Runs inside {@link MonitoredOperationInterceptor}, which records the lost connection, and outside
 * the transaction interceptor ({@code PLATFORM_BEFORE + 200}), so the transaction is over when it acts.
 */
@MonitoredOperation
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 150)
public class ConnectionManagerOverflowInterceptor {

    private static final String FORMATTER = "com.ibm.ejs.j2c.J2CUtilityClass";

    @AroundInvoke
    Object translate(InvocationContext context) throws Exception {
        try {
            return context.proceed();
        } catch (StackOverflowError overflow) {
            if (!raisedFormattingTheDriversFailure(overflow)) {
                throw overflow;
            }
            throw new TransientDatabaseException(new SQLRecoverableException(
                    "connection lost; Liberty's connection manager overflowed its stack describing it", "08006", overflow));
        }
    }

    static boolean raisedFormattingTheDriversFailure(StackOverflowError overflow) {
        return Arrays.stream(overflow.getStackTrace()).anyMatch(frame ->
                FORMATTER.equals(frame.getClassName()) && "generateExceptionString".equals(frame.getMethodName()));
    }
}
