package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user plus system), from /proc; divided by the deliveries of a run it says
 * what one delivery costs the server, which on a machine shared with the load bounds the throughput.
 */
final class ProcessCpu {

    /** Linux reports /proc times in clock ticks of 1/100 s on every platform the JDK runs on. */
    private static final double TICK_MILLIS = 10;

    private ProcessCpu() {
    }

    /** User plus system time; -1 when /proc cannot tell. */
    static double millis(long pid) {
        return ticks(pid, true);
    }

    /** System time alone: the kernel's work on the process's behalf (its sockets, futexes, timers). */
    static double kernelMillis(long pid) {
        return ticks(pid, false);
    }

    private static double ticks(long pid, boolean withUser) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return ((withUser ? Long.parseLong(fields[11]) : 0) + Long.parseLong(fields[12])) * TICK_MILLIS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
