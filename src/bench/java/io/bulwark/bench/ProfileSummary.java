package io.bulwark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the server's CPU went, from async-profiler's collapsed stacks: each sample is charged to the innermost
 * frame that belongs to a known part (the database driver for its socket writes, Liberty's HTTP channel, ...),
 * and samples with no Java frame to the VM itself (GC, JIT compilers). Also the frames that used the most CPU
 * themselves.
 *
 * @param samples     every sample of the profile
 * @param parts       samples by part, largest first
 * @param selfFrames  the innermost frames with the most samples, largest first
 */
record ProfileSummary(long samples, Map<String, Long> parts, Map<String, Long> selfFrames) {

    /** Parts by the prefixes of their frames; a frame takes the first part whose prefix it starts with. */
    private static final Map<String, List<String>> PARTS = partPrefixes();

    private static Map<String, List<String>> partPrefixes() {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        parts.put("Bulwark", List.of("io.bulwark."));
        parts.put("PgJDBC", List.of("org.postgresql."));
        parts.put("MicroProfile Metrics", List.of("io.smallrye.metrics.", "io.openliberty.microprofile.metrics", "com.ibm.ws.microprofile.metrics",
                "io.openliberty.smallrye.metrics", "io.micrometer."));
        parts.put("Fault Tolerance", List.of("io.smallrye.faulttolerance.", "com.ibm.ws.microprofile.faulttolerance", "io.openliberty.microprofile.faulttolerance"));
        parts.put("RESTEasy", List.of("org.jboss.resteasy.", "io.openliberty.restfulWS", "io.openliberty.org.jboss.resteasy"));
        parts.put("Weld (CDI)", List.of("org.jboss.weld.", "com.ibm.ws.cdi."));
        parts.put("JSON", List.of("org.eclipse.parsson.", "org.glassfish.json.", "jakarta.json.", "org.eclipse.yasson."));
        parts.put("JPA, JTA and the connection pool", List.of("org.eclipse.persistence.", "com.ibm.tx.", "com.ibm.ws.tx.", "com.ibm.ejs.j2c.",
                "com.ibm.ws.rsadapter.", "com.ibm.ws.jdbc.", "com.ibm.ws.jca.", "com.ibm.ejs.cm."));
        parts.put("security", List.of("com.ibm.ws.security.", "com.ibm.ws.webcontainer.security.", "io.openliberty.security."));
        parts.put("web container", List.of("com.ibm.ws.webcontainer.", "com.ibm.wsspi.webcontainer.", "com.ibm.ws.webcontainer40.",
                "com.ibm.ws.webcontainer31.", "io.openliberty.webcontainer"));
        parts.put("Liberty HTTP channel", List.of("com.ibm.ws.http.", "com.ibm.wsspi.http.", "com.ibm.ws.tcpchannel.", "com.ibm.ws.channelfw.",
                "com.ibm.wsspi.channelfw.", "com.ibm.io.async.", "com.ibm.ws.genericbnf.", "com.ibm.wsspi.genericbnf.", "com.ibm.ws.transport.",
                "com.ibm.wsspi.bytebuffer.", "com.ibm.ws.bytebuffer.", "io.openliberty.http.", "io.netty."));
        parts.put("thread pools and hand-offs", List.of("com.ibm.ws.threading.", "com.ibm.ws.concurrent.", "java.util.concurrent.locks.",
                "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedTransferQueue",
                "java.util.concurrent.SynchronousQueue", "java.util.concurrent.ArrayBlockingQueue", "java.util.concurrent.CountDownLatch",
                "java.util.concurrent.CompletableFuture", "java.util.concurrent.FutureTask", "java.util.concurrent.ForkJoin",
                "jdk.internal.misc.Unsafe.park", "jdk.internal.misc.Unsafe.unpark"));
        parts.put("crypto", List.of("javax.crypto.", "com.sun.crypto.", "sun.security."));
        parts.put("logging", List.of("com.ibm.ws.logging.", "java.util.logging."));
        parts.put("JDK networking", List.of("sun.nio.", "java.nio.", "java.net."));
        return parts;
    }

    static ProfileSummary read(Path collapsed) {
        Map<String, Long> parts = new TreeMap<>();
        Map<String, Long> self = new TreeMap<>();
        long samples = 0;
        try {
            for (String line : Files.readAllLines(collapsed)) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long count = Long.parseLong(line.substring(space + 1).trim());
                String[] frames = line.substring(0, space).split(";");
                samples += count;
                parts.merge(partOf(frames), count, Long::sum);
                self.merge(innermostJava(frames), count, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProfileSummary(samples, largestFirst(parts, Integer.MAX_VALUE), largestFirst(self, 15));
    }

    private static String partOf(String[] frames) {
        boolean java = false;
        for (int i = frames.length - 1; i >= 0; i--) {
            String frame = frames[i].replace('/', '.');
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                for (String prefix : part.getValue()) {
                    if (frame.startsWith(prefix)) {
                        return part.getKey();
                    }
                }
            }
            java |= isJava(frame);
        }
        return java ? "other Java" : "VM and GC (no Java frame)";
    }

    private static String innermostJava(String[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            String frame = frames[i].replace('/', '.');
            if (isJava(frame)) {
                return frame;
            }
        }
        return frames[frames.length - 1];
    }

    /** A Java method as async-profiler names it: package.Class.method. */
    private static boolean isJava(String frame) {
        int dot = frame.indexOf('.');
        return dot > 0 && frame.indexOf('.', dot + 1) > 0 && !frame.contains(" ") && !frame.contains("::") && !frame.startsWith("[");
    }

    private static Map<String, Long> largestFirst(Map<String, Long> counts, int limit) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> sorted = new LinkedHashMap<>();
        entries.stream().limit(limit).forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }
}
