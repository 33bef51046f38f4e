package io.bulwark.logging;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Liberty's {@code LogRecordContext}: a value added here appears in every log record of the thread, as the
 * JSON field {@code ext_<key>}. Its API jar is part of the runtime but not served by Maven Central, so it
 * is reached by method handles; outside Liberty this does nothing.
 */
final class LogRecordExtensions {

    private static final MethodHandle ADD;
    private static final MethodHandle REMOVE;

    static {
        MethodHandle add = null;
        MethodHandle remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            add = lookup.findStatic(context, "addExtension", MethodType.methodType(void.class, String.class, String.class));
            remove = lookup.findStatic(context, "removeExtension", MethodType.methodType(boolean.class, String.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            add = null;
            remove = null;
        }
        ADD = add;
        REMOVE = remove;
    }

    private LogRecordExtensions() {
    }

    static void put(String key, String value) {
        if (ADD != null) {
            try {
                ADD.invoke(key, value);
            } catch (Throwable e) {
                throw new IllegalStateException("LogRecordContext.addExtension failed", e);
            }
        }
    }

    static void remove(String key) {
        if (REMOVE != null) {
            try {
                REMOVE.invoke(key);
            } catch (Throwable e) {
                throw new IllegalStateException("LogRecordContext.removeExtension failed", e);
            }
        }
    }
}
