package io.bulwark.tools;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What a load test measured: how many deliveries were sent in how long, the answers by HTTP status (0 for
 * none: the connection failed or timed out, by exception in {@code failures}), and the latency of every
 * delivery sent, from the first byte of the request to the whole answer.
 *
 * @param run the id in every delivery id of this run ({@code load-<run>-<n>}), to find them on the server
 */
record LoadReport(String run, String target, long requested, long sent, Duration elapsed, boolean stoppedByDuration,
                  Map<Integer, Long> statuses, Map<String, Long> failures, long[] latencyMicros) {

    /** Answers 2xx: deliveries the server acknowledged. */
    long acknowledged() {
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300).mapToLong(Map.Entry::getValue).sum();
    }

    double throughputPerSecond() {
        return sent / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }

    /** The nearest-rank percentile of the latencies, in microseconds; 0 when nothing was sent. */
    long percentileMicros(double percentile) {
        if (latencyMicros.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100 * latencyMicros.length);
        return latencyMicros[Math.max(rank, 1) - 1];
    }

    static LoadReport of(String run, String target, long requested, Duration elapsed, boolean stoppedByDuration,
                         int[] statusOf, long[] nanosOf, long sent, Map<String, Long> failures) {
        Map<Integer, Long> statuses = new TreeMap<>();
        long[] micros = new long[(int) sent];
        for (int i = 0; i < sent; i++) {
            statuses.merge(statusOf[i], 1L, Long::sum);
            micros[i] = nanosOf[i] / 1_000;
        }
        Arrays.sort(micros);
        return new LoadReport(run, target, requested, sent, elapsed, stoppedByDuration, statuses, new TreeMap<>(failures), micros);
    }

    String text() {
        StringJoiner statusLines = new StringJoiner(", ");
        statuses.forEach((status, count) -> statusLines.add((status == 0 ? "no answer" : "HTTP " + status) + ": " + count));
        StringJoiner failureLines = new StringJoiner(", ");
        failures.forEach((failure, count) -> failureLines.add(failure + ": " + count));
        return String.format(Locale.ROOT, """
                Load test %s against %s
                  sent           %d of %d in %.2f s (%s)
                  throughput     %.1f deliveries/s
                  latency (ms)   p50 %.1f  p90 %.1f  p99 %.1f  max %.1f
                  answers        %s
                  acknowledged   %d
                  errors         %d%s
                """, run, target, sent, requested, elapsed.toNanos() / 1e9,
                stoppedByDuration ? "stopped by load.duration" : "all sent", throughputPerSecond(),
                percentileMicros(50) / 1e3, percentileMicros(90) / 1e3, percentileMicros(99) / 1e3, percentileMicros(100) / 1e3,
                statusLines, acknowledged(), sent - acknowledged(), failures.isEmpty() ? "" : " (" + failureLines + ")");
    }

    String json() {
        StringJoiner statusFields = new StringJoiner(",", "{", "}");
        statuses.forEach((status, count) -> statusFields.add("\"" + status + "\":" + count));
        StringJoiner failureFields = new StringJoiner(",", "{", "}");
        failures.forEach((failure, count) -> failureFields.add("\"" + failure + "\":" + count));
        return String.format(Locale.ROOT, "{\"run\":\"%s\",\"target\":\"%s\",\"requested\":%d,\"sent\":%d,"
                        + "\"elapsedSeconds\":%.3f,\"stoppedByDuration\":%b,\"throughputPerSecond\":%.2f,\"acknowledged\":%d,"
                        + "\"errors\":%d,\"latencyMillis\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                        + "\"statuses\":%s,\"failures\":%s}",
                run, target, requested, sent, elapsed.toNanos() / 1e9, stoppedByDuration, throughputPerSecond(), acknowledged(),
                sent - acknowledged(), percentileMicros(50) / 1e3, percentileMicros(90) / 1e3, percentileMicros(99) / 1e3,
                percentileMicros(100) / 1e3, statusFields, failureFields);
    }
}
