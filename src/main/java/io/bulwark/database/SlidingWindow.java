package io.bulwark.database;

/**
 * Counts operations, failures and prepared-statement conflicts over the last window, in buckets, so that a
 * burst of failures long ago does not count and recent ones do.
 */
public final class SlidingWindow {

    /** The window's figures. */
    public record Totals(long operations, long failures, long conflicts) {

        public double errorRate() {
            return operations == 0 ? 0 : (double) failures / operations;
        }
    }

    private final long[] bucketStart;
    private final long[] operations;
    private final long[] failures;
    private final long[] conflicts;

    SlidingWindow(int buckets) {
        bucketStart = new long[buckets];
        operations = new long[buckets];
        failures = new long[buckets];
        conflicts = new long[buckets];
    }

    synchronized void add(long now, long windowNanos, boolean failed, boolean conflict) {
        int bucket = bucketFor(now, windowNanos);
        operations[bucket]++;
        if (failed) {
            failures[bucket]++;
        }
        if (conflict) {
            conflicts[bucket]++;
        }
    }

    synchronized Totals totals(long now, long windowNanos) {
        long ops = 0;
        long failed = 0;
        long conflicted = 0;
        long bucketNanos = windowNanos / bucketStart.length;
        for (int i = 0; i < bucketStart.length; i++) {
            if (operations[i] > 0 && now - bucketStart[i] < windowNanos + bucketNanos) {
                ops += operations[i];
                failed += failures[i];
                conflicted += conflicts[i];
            }
        }
        return new Totals(ops, failed, conflicted);
    }

    private int bucketFor(long now, long windowNanos) {
        long bucketNanos = windowNanos / bucketStart.length;
        long slot = Math.floorDiv(now, bucketNanos);
        int bucket = (int) Math.floorMod(slot, bucketStart.length);
        long start = slot * bucketNanos;
        if (bucketStart[bucket] != start) {
            bucketStart[bucket] = start;
            operations[bucket] = 0;
            failures[bucket] = 0;
            conflicts[bucket] = 0;
        }
        return bucket;
    }
}
