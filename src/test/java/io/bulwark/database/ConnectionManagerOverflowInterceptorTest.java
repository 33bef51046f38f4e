package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConnectionManagerOverflowInterceptorTest {

    private final ConnectionManagerOverflowInterceptor interceptor = new ConnectionManagerOverflowInterceptor();

    @Test
    void overflowDescribingTheDriversFailureIsALostConnection() {
        StackOverflowError overflow = overflowIn(
                new StackTraceElement("java.lang.Throwable", "toString", "Throwable.java", 496),
                new StackTraceElement("com.ibm.ejs.j2c.J2CUtilityClass", "generateExceptionString", "J2CUtilityClass.java", 78));

        TransientDatabaseException lost = assertThrows(TransientDatabaseException.class, () -> interceptor.translate(throwing(overflow)));

        assertTrue(FailureClassifier.isTransient(lost));
        assertEquals("08006", ((SQLException) lost.getCause()).getSQLState());
        assertSame(overflow, lost.getCause().getCause(), "the overflow stays in the chain as evidence");
    }

    @Test
    void overflowAnywhereElseIsABugAndPassesUnchanged() {
        StackOverflowError overflow = overflowIn(
                new StackTraceElement("io.bulwark.webhook.EnvelopeParser", "parse", "EnvelopeParser.java", 1),
                new StackTraceElement("com.ibm.ejs.j2c.ConnectionEventListener", "connectionErrorOccurred", "ConnectionEventListener.java", 1));

        assertSame(overflow, assertThrows(StackOverflowError.class, () -> interceptor.translate(throwing(overflow))));
    }

    @Test
    void otherFailuresAndResultsPassUnchanged() throws Exception {
        IllegalStateException bug = new IllegalStateException("bug");

        assertSame(bug, assertThrows(IllegalStateException.class, () -> interceptor.translate(throwing(bug))));
        assertEquals("done", interceptor.translate(returning("done")));
    }

    private static StackOverflowError overflowIn(StackTraceElement... frames) {
        StackOverflowError overflow = new StackOverflowError();
        overflow.setStackTrace(frames);
        return overflow;
    }

    private static InvocationContext throwing(Throwable failure) {
        return context(() -> {
            throw failure;
        });
    }

    private static InvocationContext returning(Object result) {
        return context(() -> result);
    }

    private interface Proceeding {
        Object proceed() throws Throwable;
    }

    private static InvocationContext context(Proceeding proceeding) {
        return (InvocationContext) Proxy.newProxyInstance(InvocationContext.class.getClassLoader(), new Class<?>[] {InvocationContext.class},
                (proxy, method, arguments) -> {
                    if (!method.getName().equals("proceed")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return proceeding.proceed();
                });
    }
}
