package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void residentSizeIsTheVmRssLineInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  450000 kB\nVmRSS:\t  431072 kB\nRssAnon:\t  400000 kB\n";
        assertEquals(431072L * 1024, ProcessMemory.residentOf(status));
    }

    @Test
    void noVmRssLineMeansNoResidentSize() {
        assertNull(ProcessMemory.residentOf("Name:\tkthreadd\nState:\tS (sleeping)\n"), "kernel threads have no VmRSS");
        assertNull(ProcessMemory.resident(Path.of("/no/such/proc/status")), "not Linux: no resident size, no failure");
    }

    @Test
    void figuresOfThisProcess() {
        ProcessMemory.Figures figures = ProcessMemory.now();
        assertTrue(figures.heapUsedBytes() > 0);
        assertTrue(figures.nonHeapUsedBytes() > 0);
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertNotNull(figures.residentBytes(), "Linux gives the resident size");
            assertTrue(figures.residentBytes() > 0);
        }
    }
}
