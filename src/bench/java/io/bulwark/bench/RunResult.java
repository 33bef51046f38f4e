package io.bulwark.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One measured run of one configuration at one concurrency.
 *
 * @param configuration   what was measured
 * @param concurrency     concurrent senders (pgbench clients)
 * @param sent            deliveries (transactions) attempted
 * @param acknowledged    answered 2xx (committed, for pgbench)
 * @param errors          failures by kind
 * @param verified        acknowledged deliveries found in PostgreSQL afterwards; -1 where not checked
 * @param seconds         wall time of the measured part
 * @param latencyMicros   latency histogram in microseconds
 * @param serverRssMb     the server's resident memory after the run; -1 for pgbench
 * @param groups          the server's group commit over the run; {@link GroupStats#NONE} for pgbench
 * @param serverCpuMillis the server's CPU time per delivery sent; -1 for pgbench
 * @param serverKernelMillis the part of it the kernel spent on the server's behalf; -1 for pgbench
 */
record RunResult(String configuration, int concurrency, long sent, long acknowledged, Map<String, Long> errors,
                 long verified, double seconds, Histogram latencyMicros, long serverRssMb, GroupStats groups,
                 double serverCpuMillis, double serverKernelMillis) {

    double throughput() {
        return acknowledged / seconds;
    }

    long lost() {
        return verified < 0 ? 0 : acknowledged - verified;
    }

    double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }
}
