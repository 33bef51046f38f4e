package io.bulwark.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application pool's figures from the ConnectionPoolStats MBean that Liberty's {@code monitor-1.0}
 * feature publishes (the same numbers /metrics shows as {@code connectionpool_*}).
 */
@ApplicationScoped
public class ConnectionPoolStats {

    /** One reading of the pool. */
    public record Figures(long managed, long free, long handles, long max, double averageWaitMillis, long created, long destroyed) {

        public long inUse() {
            return managed - free;
        }

        /** Every connection the pool may hold is in use: a new request waits. */
        public boolean exhausted() {
            return managed >= max && free == 0;
        }
    }

    @Inject
    @ConfigProperty(name = "DB_POOL_MAX", defaultValue = "20")
    long maxPoolSize;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** The figures now; empty before the pool was first used or without the monitor feature. */
    public Optional<Figures> current() {
        try {
            Set<ObjectName> pools = server.queryNames(new ObjectName("WebSphere:type=ConnectionPoolStats,*"), null);
            for (ObjectName pool : pools) {
                String name = pool.getKeyProperty("name");
                if (name != null && (name.contains("jdbc/bulwark") && !name.contains("Migration")
                        || name.contains("bulwarkDataSource"))) {
                    return Optional.of(new Figures(number(pool, "ManagedConnectionCount"), number(pool, "FreeConnectionCount"),
                            number(pool, "ConnectionHandleCount"), maxPoolSize, decimal(pool, "WaitTime"),
                            number(pool, "CreateCount"), number(pool, "DestroyCount")));
                }
            }
        } catch (JMException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private long number(ObjectName pool, String attribute) throws JMException {
        Object value = server.getAttribute(pool, attribute);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private double decimal(ObjectName pool, String attribute) throws JMException {
        Object value = server.getAttribute(pool, attribute);
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
