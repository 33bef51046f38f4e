package io.bulwark.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Reads which Fault Tolerance circuit breakers are open from the {@code ft.circuitbreaker.state.current}
 * gauges that MicroProfile Fault Tolerance publishes (a breaker appears once its method has been called).
 */
@ApplicationScoped
public class CircuitBreakerStates {

    private static final String STATE_GAUGE = "ft.circuitbreaker.state.current";

    @Inject
    @RegistryScope(scope = MetricRegistry.BASE_SCOPE)
    MetricRegistry baseMetrics;

    /** The methods whose circuit is open now. */
    public List<String> openCircuits() {
        Map<MetricID, Gauge> open = baseMetrics.getGauges((id, metric) -> STATE_GAUGE.equals(id.getName())
                && "open".equals(id.getTags().get("state")));
        return open.entrySet().stream()
                .filter(entry -> isOne(entry.getValue().getValue()))
                .map(entry -> entry.getKey().getTags().getOrDefault("method", "?"))
                .sorted()
                .toList();
    }

    private static boolean isOne(Object value) {
        return value instanceof Number number && number.longValue() == 1;
    }
}
