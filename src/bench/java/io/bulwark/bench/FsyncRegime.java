package io.bulwark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The regime a run measured: how fast this disk makes a write durable ({@code pg_test_fsync}'s fdatasync rate,
 * on the file system the database lives on) and how many cores the server, PostgreSQL, PgBouncer and the load
 * share. Where a sync takes under 200 µs the request path's CPU bounds throughput, not the commit, and the
 * throughput target is 1.0 x pgbench; where it is slower, group commit's shared flush must show: 1.5 x.
 *
 * @param fdatasyncPerSecond syncs a second of one 8 kB write each; 0 when pg_test_fsync could not be run
 * @param cores              available processors
 */
record FsyncRegime(double fdatasyncPerSecond, int cores) {

    static final double FAST_BELOW_MICROS = 200;
    private static final Pattern FDATASYNC = Pattern.compile("^\\s*fdatasync\\s+([0-9.]+) ops/sec", Pattern.MULTILINE);

    static FsyncRegime measure(Path directory) {
        int cores = Runtime.getRuntime().availableProcessors();
        Path binary = Stream.of("/usr/lib/postgresql/17/bin/pg_test_fsync", "/usr/lib/postgresql/16/bin/pg_test_fsync",
                        "/usr/lib/postgresql/15/bin/pg_test_fsync", "/usr/bin/pg_test_fsync")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            return new FsyncRegime(0, cores);
        }
        try {
            Files.createDirectories(directory);
            Path output = directory.resolve("pg_test_fsync.out");
            Process process = new ProcessBuilder(binary.toString(), "-s", "2", "-f", directory.resolve("pg_test_fsync.tmp").toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new FsyncRegime(0, cores);
            }
            Matcher rate = FDATASYNC.matcher(Files.readString(output));
            return new FsyncRegime(rate.find() ? Double.parseDouble(rate.group(1)) : 0, cores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean measured() {
        return fdatasyncPerSecond > 0;
    }

    double fdatasyncMicros() {
        return measured() ? 1e6 / fdatasyncPerSecond : 0;
    }

    boolean fast() {
        return measured() && fdatasyncMicros() < FAST_BELOW_MICROS;
    }

    /** The throughput at 64 senders, as a multiple of pgbench's, that this regime asks for. */
    double throughputTarget() {
        return fast() ? 1.0 : 1.5;
    }

    String describe() {
        return measured()
                ? String.format(java.util.Locale.ROOT, "fdatasync %.0f/s (%.0f µs) by pg_test_fsync, %d cores: %s", fdatasyncPerSecond,
                        fdatasyncMicros(), cores, fast() ? "fast fsync, the request path's CPU is the limit" : "slow fsync, the commit is the limit")
                : cores + " cores; pg_test_fsync not found (Debian: postgresql-15), fsync rate not measured";
    }
}
