package io.bulwark.database;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory for the detailed health report: heap used and max and non-heap used from the JVM,
 * and the resident set size from {@code /proc/self/status} ({@code VmRSS}), which is what a container's
 * memory limit is measured against. Where there is no such file (not Linux), or it cannot be read, the
 * resident size is null and the JVM's figures still come.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * The figures in bytes.
     *
     * @param heapMaxBytes  the heap's limit, or null when the JVM sets none
     * @param residentBytes the resident set size, or null where {@code /proc/self/status} gives none
     */
    public record Figures(long heapUsedBytes, Long heapMaxBytes, long nonHeapUsedBytes, Long residentBytes) {
    }

    private ProcessMemory() {
    }

    public static Figures now() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapMax = memory.getHeapMemoryUsage().getMax();
        return new Figures(memory.getHeapMemoryUsage().getUsed(), heapMax < 0 ? null : heapMax,
                memory.getNonHeapMemoryUsage().getUsed(), resident(STATUS));
    }

    static Long resident(Path status) {
        try {
            return residentOf(Files.readString(status, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The {@code VmRSS} line of a {@code /proc/<pid>/status} text, in bytes (the kernel writes kB), or null. */
    static Long residentOf(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && "kB".equals(parts[1]) ? value * 1024 : value;
            }
        }
        return null;
    }
}
