package io.bulwark.bench;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AgentInitializationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * async-profiler in the measured server, loaded through the JDK's Attach API ({@code jcmd JVMTI.agent_load}
 * splits the agent's options on this JDK). It samples the process's CPU time ({@code itimer}, which needs no
 * perf_events) every millisecond and writes a flame graph and the collapsed stacks that {@link ProfileSummary}
 * reads.
 */
final class Profiler {

    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    private final String pid;
    private final Path library;

    private Profiler(long pid, Path library) {
        this.pid = Long.toString(pid);
        this.library = library;
    }

    /** The profiler for that process, its library taken from the async-profiler jar on the class path. */
    static Profiler of(long pid, Path directory) {
        try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException(LIBRARY + " is not on the class path (tools.profiler:async-profiler:linux-x64)");
            }
            Files.createDirectories(directory);
            Path library = directory.resolve("libasyncProfiler.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return new Profiler(pid, library);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        command("start,event=itimer,interval=1ms");
    }

    /** Stops sampling and writes the flame graph and the collapsed stacks of everything sampled since {@link #start}. */
    void stop(Path flameGraph, Path collapsed) {
        command("dump,collapsed,file=" + collapsed.toAbsolutePath());
        command("stop,file=" + flameGraph.toAbsolutePath());
    }

    private void command(String options) {
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgentPath(library.toString(), options);
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | AgentLoadException | AgentInitializationException | IOException e) {
            throw new IllegalStateException("async-profiler failed (" + options + ")", e);
        }
    }
}
