package io.bulwark.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes the benchmark's results: report.json, report.md (with the targets) and throughput.svg. */
final class Report {

    static final String SERVER = "Bulwark via PgBouncer";
    static final String PGBENCH = "pgbench via PgBouncer";
    static final String PGBENCH_DIRECT = "pgbench -C direct";
    static final String UNGROUPED = "Bulwark, a transaction per delivery, via PgBouncer";
    static final String FLOOR = "Bulwark's floor: 404 for an unknown source";
    static final String FLOOR_KEPT_ALIVE = "Bulwark's floor kept alive: 401 for an unauthenticated read";
    static final String WARM_UP = "Bulwark via PgBouncer, warm-up";
    static final String SETTLING = "Bulwark via PgBouncer, settling";
    static final String PROFILED = "Bulwark via PgBouncer, profiled";
    /** Every run against the measured server: none may lose or leave unanswered a delivery. */
    private static final java.util.Set<String> MEASURED_SERVER = java.util.Set.of(SERVER, FLOOR, FLOOR_KEPT_ALIVE, WARM_UP, SETTLING,
            PROFILED);

    /** Server CPU a delivery may cost at 64 senders. */
    static final double CPU_TARGET_MILLIS = 0.25;
    /** Deliveries/s at 64 senders as a share of the same server's 404 floor. */
    static final double FLOOR_TARGET = 0.35;
    /** What a delivery may add to pgbench's p50 at 1 sender. */
    static final double ADDED_P50_TARGET_MILLIS = 0.7;

    private final List<RunResult> results;
    private final FsyncRegime regime;
    private final ProfileSummary profile;

    /** @param profile the profile of the server at 64 senders; null when none was recorded */
    Report(List<RunResult> results, FsyncRegime regime, ProfileSummary profile) {
        this.results = results;
        this.regime = regime;
        this.profile = profile;
    }

    static String line(RunResult r) {
        return String.format(Locale.ROOT, "%-48s c=%-3d sent=%-6d ack=%-6d errors=%s lost=%d  %.0f/s  p50=%.2f p95=%.2f p99=%.2f max=%.1f ms  rss=%s cpu=%.3f ms/delivery (kernel %.3f)  groups=%d mean=%.1f linger=%.2f ms splits=%d",
                r.configuration(), r.concurrency(), r.sent(), r.acknowledged(), r.errors(), r.lost(), r.throughput(),
                r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.maxMillis(),
                r.serverRssMb() < 0 ? "-" : r.serverRssMb() + " MB", r.serverCpuMillis(), r.serverKernelMillis(), r.groups().groups(), r.groups().meanSize(),
                r.groups().meanLingerMillis(), r.groups().splits());
    }

    void write(Path directory) throws IOException {
        Files.writeString(directory.resolve("report.json"), json());
        Files.writeString(directory.resolve("report.md"), markdown());
        Files.writeString(directory.resolve("throughput.svg"), Chart.svg(results, new String[] {SERVER, PGBENCH, PGBENCH_DIRECT}));
    }

    private Optional<RunResult> find(String configuration, int concurrency) {
        return results.stream().filter(r -> r.configuration().equals(configuration) && r.concurrency() == concurrency).findFirst();
    }

    private String json() {
        JsonArrayBuilder runs = Json.createArrayBuilder();
        for (RunResult r : results) {
            JsonObjectBuilder errors = Json.createObjectBuilder();
            r.errors().forEach(errors::add);
            runs.add(Json.createObjectBuilder()
                    .add("configuration", r.configuration())
                    .add("concurrency", r.concurrency())
                    .add("sent", r.sent())
                    .add("acknowledged", r.acknowledged())
                    .add("errors", errors)
                    .add("verifiedInDatabase", r.verified())
                    .add("lost", r.lost())
                    .add("seconds", round(r.seconds()))
                    .add("throughputPerSecond", round(r.throughput()))
                    .add("p50Millis", round(r.percentileMillis(50)))
                    .add("p95Millis", round(r.percentileMillis(95)))
                    .add("p99Millis", round(r.percentileMillis(99)))
                    .add("maxMillis", round(r.maxMillis()))
                    .add("serverRssMb", r.serverRssMb())
                    .add("serverCpuMillisPerDelivery", round3(r.serverCpuMillis()))
                    .add("serverKernelCpuMillisPerDelivery", round3(r.serverKernelMillis()))
                    .add("groups", Json.createObjectBuilder()
                            .add("count", r.groups().groups())
                            .add("meanSize", round(r.groups().meanSize()))
                            .add("meanLingerMillis", round(r.groups().meanLingerMillis()))
                            .add("split", r.groups().splits())));
        }
        JsonObjectBuilder ratios = Json.createObjectBuilder();
        for (int c : new int[] {1, 16, 64}) {
            Optional<RunResult> server = find(SERVER, c);
            Optional<RunResult> pgbench = find(PGBENCH, c);
            if (server.isPresent() && pgbench.isPresent()) {
                ratios.add("c" + c, Json.createObjectBuilder()
                        .add("throughput", round(server.get().throughput() / pgbench.get().throughput()))
                        .add("p50AddedMillis", round(server.get().percentileMillis(50) - pgbench.get().percentileMillis(50)))
                        .add("p99", round(server.get().percentileMillis(99) / Math.max(0.001, pgbench.get().percentileMillis(99)))));
            }
        }
        JsonObjectBuilder report = Json.createObjectBuilder()
                .add("generatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                .add("regime", Json.createObjectBuilder()
                        .add("fdatasyncPerSecond", round(regime.fdatasyncPerSecond()))
                        .add("fdatasyncMicros", round(regime.fdatasyncMicros()))
                        .add("cores", regime.cores())
                        .add("fastFsync", regime.fast()))
                .add("runs", runs)
                .add("serverOverPgbench", ratios);
        find(SERVER, 64).ifPresent(server -> find(FLOOR, 64).ifPresent(floor ->
                report.add("serverOverFloor", round(server.throughput() / floor.throughput()))));
        if (profile != null) {
            JsonObjectBuilder parts = Json.createObjectBuilder();
            profile.parts().forEach((part, samples) -> parts.add(part, round(100.0 * samples / profile.samples())));
            report.add("profileSharesPercent", parts);
        }
        return report.build().toString();
    }

    private String markdown() {
        StringBuilder md = new StringBuilder("# Bulwark benchmark\n\n").append("Generated ").append(OffsetDateTime.now(ZoneOffset.UTC)).append(".\n\n");
        md.append("| configuration | senders | sent | acknowledged | errors | lost | deliveries/s | p50 ms | p95 ms | p99 ms | max ms | server RSS MB | server CPU ms per delivery | of which kernel | groups | deliveries per group | linger ms | groups split |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            GroupStats g = r.groups();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %.0f | %.2f | %.2f | %.2f | %.1f | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.configuration(), r.concurrency(), r.sent(), r.acknowledged(), r.errors().isEmpty() ? "0" : r.errors().toString(),
                    r.verified() < 0 ? "n/a" : Long.toString(r.lost()), r.throughput(), r.percentileMillis(50), r.percentileMillis(95),
                    r.percentileMillis(99), r.maxMillis(), r.serverRssMb() < 0 ? "-" : Long.toString(r.serverRssMb()),
                    r.serverCpuMillis() < 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.serverCpuMillis()),
                    r.serverKernelMillis() < 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.serverKernelMillis()),
                    g.groups() == 0 ? "-" : Long.toString(g.groups()), g.groups() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", g.meanSize()),
                    g.groups() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", g.meanLingerMillis()), g.groups() == 0 ? "-" : Long.toString(g.splits())));
        }
        md.append("\n## Targets\n\nRegime: ").append(regime.describe()).append(".\n\n| target | measured | met |\n|---|---|---|\n");
        find(SERVER, 64).ifPresent(server -> find(PGBENCH, 64).ifPresent(pgbench -> {
            double ratio = server.throughput() / pgbench.throughput();
            target(md, String.format(Locale.ROOT, "throughput at 64 senders >= %.1f x pgbench (%s fsync)", regime.throughputTarget(),
                    regime.fast() ? "fast" : "slow"), String.format(Locale.ROOT, "%.2f (%.0f/s vs %.0f/s)", ratio, server.throughput(),
                    pgbench.throughput()), ratio >= regime.throughputTarget());
        }));
        find(SERVER, 64).ifPresent(server -> find(FLOOR, 64).ifPresent(floor -> {
            double ratio = server.throughput() / floor.throughput();
            target(md, String.format(Locale.ROOT, "throughput at 64 senders >= %.2f x the server's 404 floor", FLOOR_TARGET),
                    String.format(Locale.ROOT, "%.2f (%.0f/s vs %.0f/s)", ratio, server.throughput(), floor.throughput()), ratio >= FLOOR_TARGET);
        }));
        find(SERVER, 64).ifPresent(server -> target(md, String.format(Locale.ROOT, "server CPU per delivery at 64 senders <= %.2f ms",
                CPU_TARGET_MILLIS), String.format(Locale.ROOT, "%.3f ms", server.serverCpuMillis()),
                server.serverCpuMillis() >= 0 && server.serverCpuMillis() <= CPU_TARGET_MILLIS));
        find(SERVER, 1).ifPresent(server -> find(PGBENCH, 1).ifPresent(pgbench -> {
            double added = server.percentileMillis(50) - pgbench.percentileMillis(50);
            target(md, String.format(Locale.ROOT, "p50 at 1 sender <= pgbench's p50 + %.1f ms", ADDED_P50_TARGET_MILLIS),
                    String.format(Locale.ROOT, "%.2f ms vs %.2f ms (+%.2f ms)", server.percentileMillis(50), pgbench.percentileMillis(50), added),
                    added <= ADDED_P50_TARGET_MILLIS);
        }));
        find(SERVER, 1).ifPresent(server -> find(UNGROUPED, 1).ifPresent(ungrouped -> {
            double p50 = server.percentileMillis(50);
            double before = ungrouped.percentileMillis(50);
            target(md, "group commit: p50 at 1 sender no worse than a transaction per delivery",
                    String.format(Locale.ROOT, "%.2f vs %.2f ms", p50, before), p50 <= before * 1.05);
        }));
        long errors = results.stream().filter(r -> MEASURED_SERVER.contains(r.configuration()))
                .mapToLong(r -> r.errors().values().stream().mapToLong(Long::longValue).sum()).sum();
        long lost = results.stream().filter(r -> MEASURED_SERVER.contains(r.configuration())).mapToLong(RunResult::lost).sum();
        long sent = results.stream().filter(r -> MEASURED_SERVER.contains(r.configuration())).mapToLong(RunResult::sent).sum();
        long rss = results.stream().filter(r -> r.configuration().equals(SERVER) || r.configuration().equals(FLOOR))
                .mapToLong(RunResult::serverRssMb).max().orElse(-1);
        target(md, "zero errors (every run against the measured server, warm-up included)",
                String.format(Locale.ROOT, "%d in %d requests", errors, sent), errors == 0);
        target(md, "zero lost", Long.toString(lost), lost == 0);
        target(md, "server RSS < 512 MB", rss + " MB", rss >= 0 && rss < 512);
        if (profile != null) {
            md.append("\n## Profile\n\nasync-profiler (itimer, 1 ms) over one more run at 64 senders: ").append(profile.samples())
                    .append(" samples of the server's CPU, each charged to the innermost frame of a known part. Flame graph: ")
                    .append("[profile.html](profile.html); collapsed stacks: profile.txt.\n\n| part | share |\n|---|---|\n");
            profile.parts().forEach((part, samples) -> md.append(String.format(Locale.ROOT, "| %s | %.1f%% |%n", part,
                    100.0 * samples / profile.samples())));
            md.append("\n| frame using the CPU itself | share |\n|---|---|\n");
            profile.selfFrames().forEach((frame, samples) -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", frame,
                    100.0 * samples / profile.samples())));
        }
        md.append("\n![throughput and p99 by concurrency](throughput.svg)\n");
        return md.toString();
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
