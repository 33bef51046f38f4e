package io.bulwark.health;

import io.bulwark.database.DatabaseHealthReport;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the database health report in the Prometheus text exposition format. The figures come from the
 * same registry and MBeans as /metrics, so the two agree; the names are prefixed {@code bulwark_database_}.
 */
final class PrometheusHealthFormat {

    private static final String[] STATUSES = {"healthy", "degraded", "unhealthy"};

    private PrometheusHealthFormat() {
    }

    static String render(DatabaseHealthReport.Detailed report) {
        StringBuilder text = new StringBuilder(2048);
        metric(text, "bulwark_database_health_status", "gauge", "1 for the current status of the database layer");
        for (String status : STATUSES) {
            text.append("bulwark_database_health_status{status=\"").append(status).append("\"} ")
                    .append(status.equals(report.status()) ? 1 : 0).append('\n');
        }
        metric(text, "bulwark_database_reachable", "gauge", "1 when PostgreSQL answers through the pool");
        text.append("bulwark_database_reachable ").append(report.database().reachable() ? 1 : 0).append('\n');
        metric(text, "bulwark_database_ping_seconds", "gauge", "round trip of the last ping through the pool");
        text.append("bulwark_database_ping_seconds ").append(seconds(report.database().latencyMillis())).append('\n');
        if (report.pool() != null) {
            gauge(text, "bulwark_database_pool_in_use", "pooled connections in use", report.pool().inUse());
            gauge(text, "bulwark_database_pool_free", "pooled connections free", report.pool().free());
            gauge(text, "bulwark_database_pool_max", "largest pool size (DB_POOL_MAX)", report.pool().max());
        }
        metric(text, "bulwark_database_prepared_statement_conflicts_total", "counter", "prepared-statement conflicts since start");
        text.append("bulwark_database_prepared_statement_conflicts_total ").append(report.preparedStatementConflicts()).append('\n');
        metric(text, "bulwark_database_retries_total", "counter", "retries of database-facing methods since start");
        report.retries().forEach((method, count) -> text.append("bulwark_database_retries_total{method=\"")
                .append(escape(method)).append("\"} ").append(count).append('\n'));
        metric(text, "bulwark_database_operation_seconds", "summary", "duration of database operations since start");
        for (Map.Entry<String, DatabaseHealthReport.OperationFigures> entry : report.operations().entrySet()) {
            String operation = escape(entry.getKey());
            DatabaseHealthReport.OperationFigures figures = entry.getValue();
            quantile(text, operation, "0.5", figures.p50Millis());
            quantile(text, operation, "0.95", figures.p95Millis());
            quantile(text, operation, "0.99", figures.p99Millis());
            text.append("bulwark_database_operation_seconds_count{operation=\"").append(operation).append("\"} ")
                    .append(figures.count()).append('\n');
        }
        metric(text, "bulwark_database_operation_failures_total", "counter", "failed database operations since start");
        report.operations().forEach((operation, figures) -> text.append("bulwark_database_operation_failures_total{operation=\"")
                .append(escape(operation)).append("\"} ").append(figures.failures()).append('\n'));
        return text.toString();
    }

    private static void metric(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder text, String name, String help, long value) {
        metric(text, name, "gauge", help);
        text.append(name).append(' ').append(value).append('\n');
    }

    private static void quantile(StringBuilder text, String operation, String quantile, double millis) {
        text.append("bulwark_database_operation_seconds{operation=\"").append(operation).append("\",quantile=\"")
                .append(quantile).append("\"} ").append(seconds(millis)).append('\n');
    }

    private static String seconds(double millis) {
        return String.format(Locale.ROOT, "%.6f", millis / 1000.0);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
