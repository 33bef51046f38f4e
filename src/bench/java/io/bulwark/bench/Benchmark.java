package io.bulwark.bench;

import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark ({@code mvn -Pbench package}): an embedded PostgreSQL 17 with durable commits and a PgBouncer
 * in transaction mode, as the tests run them; first {@code pg_test_fsync}, which tells the regime
 * ({@link FsyncRegime}); the packaged server against PgBouncer, warmed up until its CPU per delivery settles,
 * driven at concurrency 1, 16 and 64, and the same server's floors at 64 (404 for an unknown source, which closes
 * each connection, and 401 for an unauthenticated read on kept-alive connections); in the same run pgbench with the same SQL per delivery
 * through PgBouncer and, with a new connection per delivery, directly; the server storing each delivery in a
 * transaction of its own ({@code WEBHOOK_GROUP_MAX_SIZE=1}, as before group commit); and the server with
 * prepared statements on through PgBouncer. Writes target/bench/report.json, report.md and throughput.svg.
 *
 * <p>{@code -Dbulwark.bench.profile=true} also profiles the server with async-profiler over one more run at 64
 * senders, after the measured ones, and writes profile.html (a flame graph) and profile.txt (collapsed
 * stacks) beside the report, whose Profile section sums it up. {@code -Dbulwark.bench.jfr=true} records a Java
 * Flight Recording of the server instead, target/bench/server.jfr. {@code -Dbulwark.bench.concurrency=1,16} and
 * {@code -Dbulwark.bench.baselines=false} narrow a run down while investigating, and
 * {@code -Dbulwark.bench.server-environment=NAME=value,...} sets environment variables of the measured server.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(System.getProperty("bulwark.bench.output", "target/bench"));
        int deliveriesPerSender = Integer.getInteger("bulwark.bench.deliveries-per-sender", 250);
        int pgbenchSeconds = Integer.getInteger("bulwark.bench.pgbench-seconds", 15);
        int[] concurrencies = java.util.Arrays.stream(System.getProperty("bulwark.bench.concurrency", "1,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean baselines = Boolean.parseBoolean(System.getProperty("bulwark.bench.baselines", "true"));
        Files.createDirectories(output);
        TestEnvironment environment = TestEnvironment.get();
        int pooler = environment.pgBouncer().map(PgBouncer::port)
                .orElseThrow(() -> new IllegalStateException("the benchmark needs pgbouncer (apt-get install pgbouncer)"));
        PgBench pgbench = new PgBench(PgBench.find(), output.resolve("pgbench"));
        ServerLoad load = new ServerLoad();
        List<RunResult> results = new ArrayList<>();

        Map<String, String> serverEnvironment = new java.util.HashMap<>();
        if (Boolean.getBoolean("bulwark.bench.jfr")) {
            serverEnvironment.put("JVM_ARGS", "-XX:StartFlightRecording=filename=" + output.toAbsolutePath().resolve("server.jfr") + ",settings=profile");
        }
        for (String setting : System.getProperty("bulwark.bench.server-environment", "").split(",")) {
            if (setting.contains("=")) {
                serverEnvironment.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        FsyncRegime regime = FsyncRegime.measure(output.resolve("fsync"));
        System.out.println("[bench] regime: " + regime.describe());
        ProfileSummary profile = null;
        try (LibertyServer server = LibertyServer.start("bench", pooler, serverEnvironment)) {
            long pid = server.pid();
            results.addAll(warmUp(load, server, Report.WARM_UP));
            results.addAll(settle(load, server));
            for (int concurrency : concurrencies) {
                results.add(load.run(Report.SERVER, server.baseUrl(), concurrency,
                        deliveries(concurrency, deliveriesPerSender), tag("b" + concurrency), pid));
                System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
            }
            int floorConcurrency = java.util.Arrays.stream(concurrencies).max().orElse(64);
            load.floor("warm-up", server.baseUrl(), floorConcurrency, 20_000, pid);
            results.add(load.floor(Report.FLOOR, server.baseUrl(), floorConcurrency, 40_000, pid));
            System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
            load.keptAliveFloor("warm-up", server.baseUrl(), floorConcurrency, 20_000, pid);
            results.add(load.keptAliveFloor(Report.FLOOR_KEPT_ALIVE, server.baseUrl(), floorConcurrency, 40_000, pid));
            System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
            if (Boolean.getBoolean("bulwark.bench.profile")) {
                RunResult profiled = profiled(load, server, floorConcurrency, output);
                results.add(profiled);
                profile = ProfileSummary.read(output.resolve("profile.txt"));
            }
        }
        if (baselines) {
            for (int concurrency : concurrencies) {
                results.add(pgbench.run("pgbench via PgBouncer", pooler, concurrency, pgbenchSeconds, false));
                System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
                results.add(pgbench.run("pgbench -C direct", environment.database().port(), concurrency, pgbenchSeconds, true));
                System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
            }
            try (LibertyServer ungrouped = LibertyServer.start("bench-ungrouped", pooler, Map.of("WEBHOOK_GROUP_MAX_SIZE", "1"))) {
                warmUp(load, ungrouped, "warm-up (a transaction per delivery)");
                for (int concurrency : concurrencies) {
                    results.add(load.run(Report.UNGROUPED, ungrouped.baseUrl(), concurrency, deliveries(concurrency, deliveriesPerSender),
                            tag("u" + concurrency), ungrouped.pid()));
                    System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
                }
            }
            try (LibertyServer naive = LibertyServer.start("bench-naive", pooler, Map.of("DB_PREPARED_STATEMENTS", "on"))) {
                for (int concurrency : new int[] {16, 64}) {
                    results.add(load.run("Bulwark, prepared statements on, via PgBouncer", naive.baseUrl(), concurrency, 2_000,
                            tag("n" + concurrency), naive.pid()));
                    System.out.println("[bench] " + Report.line(results.get(results.size() - 1)));
                }
            }
        }
        new Report(results, regime, profile).write(output);
        System.out.println("[bench] report: " + output.resolve("report.md").toAbsolutePath());
        System.exit(0);
    }

    /**
     * Brings the server's JIT, and the load generator's, to a steady state before anything is measured, at
     * the concurrencies measured, so that the first configuration measured is not the one that pays for it.
     */
    private static List<RunResult> warmUp(ServerLoad load, LibertyServer server, String configuration) {
        List<RunResult> runs = new ArrayList<>();
        for (int concurrency : new int[] {16, 1, 64}) {
            runs.add(load.run(configuration, server.baseUrl(), concurrency, concurrency == 1 ? 500 : 3_000,
                    tag("w" + concurrency), server.pid()));
        }
        return runs;
    }

    /**
     * Warms the measured server up further, at 64 senders, until its CPU per delivery has settled (within 10 % of
     * the round before), at most eight rounds: Liberty's C2 compiler took a third of the server's CPU in the first
     * runs at 64 senders, and throughput rose by half over the first three.
     */
    private static List<RunResult> settle(ServerLoad load, LibertyServer server) {
        List<RunResult> runs = new ArrayList<>();
        double previous = Double.NaN;
        for (int round = 1; round <= 8; round++) {
            RunResult run = load.run(Report.SETTLING, server.baseUrl(), 64, 16_000, tag("s" + round),
                    server.pid());
            runs.add(run);
            System.out.println("[bench] " + Report.line(run));
            if (round >= 3 && Math.abs(run.serverCpuMillis() - previous) <= 0.1 * previous) {
                break;
            }
            previous = run.serverCpuMillis();
        }
        return runs;
    }

    /** One more run, not among the measured ones, with async-profiler sampling the server throughout. */
    private static RunResult profiled(ServerLoad load, LibertyServer server, int concurrency, Path output) {
        Profiler profiler = Profiler.of(server.pid(), output.resolve("profiler"));
        profiler.start();
        try {
            RunResult run = load.run(Report.PROFILED, server.baseUrl(), concurrency, deliveries(concurrency, 250),
                    tag("p" + concurrency), server.pid());
            System.out.println("[bench] " + Report.line(run));
            return run;
        } finally {
            profiler.stop(output.resolve("profile.html"), output.resolve("profile.txt"));
        }
    }

    /** A run's prefix for its delivery ids, unique to this run. */
    private static String tag(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static int deliveries(int concurrency, int perSender) {
        return Math.max(1_500, Math.min(20_000, concurrency * perSender));
    }
}
