package io.bulwark.health;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Renders the application's metric registry in the Prometheus text format under the names and labels
 * {@code /metrics} gives the same metrics (MicroProfile Metrics 5 on Liberty): dots and dashes become
 * {@code _}, a counter ends in {@code _total}, a gauge in its unit, a timer is a summary in seconds with
 * {@code _count}, {@code _sum} and a {@code _max} gauge, a histogram the same without the unit, and every
 * sample carries {@code mp_scope="application"}. It reads the registry only, never the database.
 */
final class RegistryExposition {

    private static final String SCOPE = "mp_scope=\"application\"";
    private static final double NANOS_PER_SECOND = 1e9;

    private final StringBuilder text = new StringBuilder(8192);
    private final MetricRegistry registry;

    private RegistryExposition(MetricRegistry registry) {
        this.registry = registry;
    }

    static String render(MetricRegistry registry) {
        RegistryExposition exposition = new RegistryExposition(registry);
        SortedMap<String, SortedMap<MetricID, Metric>> byName = new TreeMap<>();
        registry.getMetrics().forEach((id, metric) -> byName.computeIfAbsent(id.getName(), name -> new TreeMap<>()).put(id, metric));
        byName.forEach(exposition::family);
        return exposition.text.toString();
    }

    private void family(String name, Map<MetricID, Metric> metrics) {
        Metadata metadata = registry.getMetadata(name);
        String base = name.replace('.', '_').replace('-', '_');
        String help = metadata == null || metadata.getDescription() == null ? "" : metadata.getDescription();
        Metric first = metrics.values().iterator().next();
        if (first instanceof Counter) {
            header(base + "_total", "counter", help);
            metrics.forEach((id, metric) -> sample(base + "_total", id, null, ((Counter) metric).getCount()));
        } else if (first instanceof Gauge) {
            String unit = metadata == null ? MetricUnits.NONE : metadata.getUnit();
            String gauge = unit == null || unit.isEmpty() || MetricUnits.NONE.equals(unit) ? base : base + "_" + unit;
            header(gauge, "gauge", help);
            metrics.forEach((id, metric) -> sample(gauge, id, null, ((Gauge<?>) metric).getValue().doubleValue()));
        } else if (first instanceof Timer) {
            summary(base + "_seconds", help, metrics, NANOS_PER_SECOND);
        } else if (first instanceof Histogram) {
            summary(base, help, metrics, 1);
        }
    }

    private void summary(String name, String help, Map<MetricID, Metric> metrics, double divisor) {
        header(name, "summary", help);
        metrics.forEach((id, metric) -> {
            Snapshot snapshot = metric instanceof Timer timer ? timer.getSnapshot() : ((Histogram) metric).getSnapshot();
            for (Snapshot.PercentileValue percentile : snapshot.percentileValues()) {
                sample(name, id, "quantile=\"" + percentile.getPercentile() + "\"", percentile.getValue() / divisor);
            }
            long count = metric instanceof Timer timer ? timer.getCount() : ((Histogram) metric).getCount();
            double sum = metric instanceof Timer timer ? timer.getElapsedTime().toNanos() / divisor : ((Histogram) metric).getSum();
            sample(name + "_count", id, null, count);
            sample(name + "_sum", id, null, sum);
        });
        header(name + "_max", "gauge", help);
        metrics.forEach((id, metric) -> {
            Snapshot snapshot = metric instanceof Timer timer ? timer.getSnapshot() : ((Histogram) metric).getSnapshot();
            sample(name + "_max", id, null, snapshot.getMax() / divisor);
        });
    }

    private void header(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, MetricID id, String extraLabel, double value) {
        text.append(name).append('{').append(SCOPE);
        new TreeMap<>(id.getTags()).forEach((tag, tagValue) -> text.append(',').append(tag).append("=\"")
                .append(tagValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
        if (extraLabel != null) {
            text.append(',').append(extraLabel);
        }
        text.append("} ").append(String.format(Locale.ROOT, "%s", value)).append('\n');
    }
}
