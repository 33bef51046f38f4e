package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bulwark.testing.infra.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The final stage of docker/Dockerfile rebuilt on this machine, which has no container engine, to prove that no
 * layer of the image holds a secret or test code.
 *
 * <p>The Dockerfile's final stage is followed instruction by instruction on a scratch copy of the image's
 * writable Liberty directories ({@code /config}, {@code /output}, {@code /logs}), run by the Liberty runtime the
 * build installed: COPY lays out what it copies from the build context (through {@code .dockerignore}) and from the
 * build stage (the WAR and the driver this build made), ENV sets the build step's environment, and RUN runs its
 * commands. {@code configure.sh} (Open Liberty 26.0.0.5's) is reproduced where it writes files: it writes a
 * {@code keystore.xml} with a generated password unless {@code SSL} or {@code TLS} is {@code false} or one exists,
 * then {@code populate_scc.sh} starts the server, requests {@code /} and {@code /openapi}, stops it, and removes
 * {@code /output/messaging}, {@code /logs/*} and the class cache. It does so twice (sizing, then populating the class
 * cache); the second round writes the same files again, so one round is reproduced here.
 * {@code features.sh} adds features to the kernel runtime, which the full runtime here already has. An instruction
 * this test does not know fails it, so that a change to the Dockerfile cannot slip past it.
 *
 * <p>Every file left is listed, and none may be a keystore, a password file or LTPA keys, hold a password the step
 * generated, configure a literal password, or be test code.
 */
class ImageContentsIT {

    private static final String SERVER = "defaultServer";
    private static final Pattern SECRET_FILE = Pattern.compile("(?i).*\\.(p12|pfx|jks|jceks|kdb|pem|key|keys|password)");
    private static final Pattern LITERAL_PASSWORD = Pattern.compile("(?i)password\\s*=\\s*\"(?!\\$\\{)[^\"]+\"");
    /** Directories printed as one line each: the expanded application and Liberty's caches. */
    private static final Pattern COLLAPSED = Pattern.compile("(/config/apps/expanded/[^/]+|/output/workarea/[^/]+|/logs/ffdc)/.*");
    private static final Pattern TEST_PATH = Pattern.compile(".*(/src/test/|/test-classes/|/io/bulwark/testing/).*|.*(Test|IT)\\.(class|java)$");

    private final Path build = Path.of(required("bulwark.it.buildDirectory"));
    private final Path wlpHome = Path.of(required("bulwark.it.wlpHome"));
    private final Path root = build.resolve("image-contents");
    /** The image's directories (as their symbolic links in the image name them) and where this test lays them out. */
    private final Map<String, Path> directories = new LinkedHashMap<>();
    private final Set<String> generatedSecrets = new TreeSet<>();
    private final List<String> writtenByServerStarts = new ArrayList<>();
    private boolean serverStarted;

    @Test
    void baseImagesArePinnedToTheTestedLibertyVersion() throws Exception {
        String liberty = pomProperty("liberty.runtime.version");
        List<Dockerfile.Stage> stages = Dockerfile.read().stages();
        for (Dockerfile.Stage stage : stages) {
            String tag = stage.image().substring(stage.image().lastIndexOf('/') + 1);
            assertTrue(tag.contains(":") && Character.isDigit(tag.charAt(tag.indexOf(':') + 1)),
                    stage.image() + " must name a version, not float on a moving tag");
            assertFalse(stage.image().contains("latest"), stage.image());
        }
        assertEquals("icr.io/appcafe/open-liberty:" + liberty + "-kernel-slim-java17-openj9-ubi-minimal",
                Dockerfile.read().finalStage().image(), "the image runs the Liberty version the tests ran (liberty.runtime.version)");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void finalStageLeavesNoSecretAndNoTestCode() throws Exception {
        layOutBaseImage();
        Dockerfile.Stage stage = Dockerfile.read().finalStage();
        Map<String, String> environment = new LinkedHashMap<>(baseImageEnvironment());
        for (Dockerfile.Instruction instruction : stage.instructions()) {
            switch (instruction.keyword()) {
                case "COPY":
                    copy(Dockerfile.copy(instruction));
                    break;
                case "ENV":
                    environment.putAll(Dockerfile.variables(instruction));
                    break;
                case "RUN":
                    run(instruction.arguments(), environment);
                    break;
                case "USER":
                case "EXPOSE":
                case "LABEL":
                    break;
                default:
                    fail("ImageContentsIT does not know how to reproduce " + instruction);
            }
        }

        Map<String, Long> files = listing();
        print(files);
        assertTrue(serverStarted, "the build step's server start reached CWWKF0011I; see " + build.resolve("image-contents.out"));
        assertTrue(files.containsKey("/config/apps/bulwark.war") && files.containsKey("/config/server.xml"), files.keySet().toString());
        for (String file : files.keySet()) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            assertFalse(SECRET_FILE.matcher(name).matches(), file + " is a keystore, LTPA keys or a password file, left in a layer");
            assertFalse(TEST_PATH.matcher(file).matches(), file + " is test code");
            Path path = imagePath(file);
            byte[] content = Files.readAllBytes(path);
            for (String secret : generatedSecrets) {
                for (String form : List.of(secret, xor(secret))) {
                    assertFalse(contains(content, form.getBytes(StandardCharsets.UTF_8)),
                            file + " holds a password the build step generated" + (form.equals(secret) ? "" : " ({xor}-encoded)"));
                }
            }
            if (file.startsWith("/config/") && name.endsWith(".xml")) {
                assertFalse(LITERAL_PASSWORD.matcher(new String(content, StandardCharsets.UTF_8)).find(),
                        file + " configures a literal password rather than a variable");
            }
        }
        assertWarHoldsNoTestCode(imagePath("/config/apps/bulwark.war"));
    }

    private void layOutBaseImage() throws IOException {
        deleteRecursively(root);
        Path usr = root.resolve("opt/ol/wlp/usr");
        Path output = root.resolve("opt/ol/wlp/output");
        directories.put("/config", usr.resolve("servers").resolve(SERVER));
        directories.put("/output", output.resolve(SERVER));
        directories.put("/logs", root.resolve("logs"));
        directories.put("/opt/ol/wlp/usr", usr);
        directories.put("/opt/ol/wlp/output", output);
        for (Path directory : directories.values()) {
            Files.createDirectories(directory);
        }
        // What the official image's own build leaves in /config: configDropins, and an HTTP endpoint on all interfaces.
        Files.createDirectories(imagePath("/config/configDropins/overrides"));
        Path defaults = Files.createDirectories(imagePath("/config/configDropins/defaults"));
        Files.writeString(defaults.resolve("open-default-port.xml"),
                "<server description=\"Default Server\"><httpEndpoint id=\"defaultHttpEndpoint\" host=\"*\" /></server>\n");
    }

    /** The variables the official image sets that decide where Liberty writes. */
    private Map<String, String> baseImageEnvironment() {
        return Map.of("LOG_DIR", "/logs", "WLP_OUTPUT_DIR", "/opt/ol/wlp/output", "WLP_SKIP_MAXPERMSIZE", "true");
    }

    private void copy(Dockerfile.Copy copy) throws IOException {
        if (copy.from() == null) {
            DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));
            for (String source : copy.sources()) {
                Path from = Path.of(source);
                if (Files.isDirectory(from)) {
                    try (Stream<Path> walk = Files.walk(from)) {
                        for (Path file : walk.filter(Files::isRegularFile).toList()) {
                            if (ignore.sends(file.toString())) {
                                place(file, copy.destination().replaceAll("/$", "") + "/" + from.relativize(file));
                            }
                        }
                    }
                } else {
                    assertTrue(ignore.sends(source), source + " is copied but not sent to the builder");
                    place(from, copy.destination().endsWith("/") ? copy.destination() + from.getFileName() : copy.destination());
                }
            }
            return;
        }
        assertEquals("build", copy.from());
        Map<String, Path> artifacts = Map.of(
                "/build/target/bulwark.war", Path.of(required("bulwark.it.war")),
                "/build/target/jdbc/postgresql.jar", wlpHome.resolve("usr/servers").resolve(required("bulwark.it.serverName")).resolve("jdbc/postgresql.jar"));
        for (String source : copy.sources()) {
            Path artifact = artifacts.get(source);
            if (artifact == null) {
                fail("ImageContentsIT does not know which file of this build the build stage's " + source + " is");
            }
            place(artifact, copy.destination());
        }
    }

    private void place(Path file, String imageFile) throws IOException {
        Path target = imagePath(imageFile);
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private void run(String command, Map<String, String> environment) throws Exception {
        for (String part : command.split("&&")) {
            List<String> words = List.of(part.trim().split("\\s+"));
            switch (words.get(0)) {
                case "features.sh":
                    break;
                case "configure.sh":
                    configure(environment);
                    break;
                case "rm":
                    assertEquals("-rf", words.get(1), part);
                    for (String path : words.subList(2, words.size())) {
                        remove(path);
                    }
                    break;
                default:
                    fail("ImageContentsIT does not know how to reproduce RUN " + part.trim());
            }
        }
    }

    private void configure(Map<String, String> environment) throws Exception {
        Path keystoreXml = imagePath("/config/configDropins/defaults/keystore.xml");
        if (!"false".equals(environment.get("SSL")) && !"false".equals(environment.get("TLS")) && !Files.exists(keystoreXml)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random);
            generatedSecrets.add(password);
            Files.writeString(keystoreXml, "<server description=\"Default Server\">\n    <keyStore id=\"defaultKeyStore\" "
                    + "location=\"${server.output.dir}/resources/security/key.p12\" type=\"PKCS12\" password=\"" + password + "\" />\n</server>");
        }
        Map<String, String> process = processEnvironment(environment);
        int httpPort = Integer.parseInt(process.get("HTTP_PORT"));
        server("start", process);
        warm(httpPort, "/");
        warm(httpPort, "/openapi");
        server("stop", process);
        Path messages = imagePath("/logs/messages.log");
        if (Files.exists(messages)) {
            Files.copy(messages, build.resolve("image-contents-messages.log"), StandardCopyOption.REPLACE_EXISTING);
            serverStarted = Files.readString(messages).contains("CWWKF0011I");
        }
        Path drawn = imagePath("/output/resources/security/keystore.password");
        if (Files.exists(drawn)) {
            generatedSecrets.add(Files.readString(drawn).strip());
        }
        writtenByServerStarts.addAll(listing().keySet());
        remove("/output/messaging");
        remove("/logs/*");
        remove("/opt/ol/wlp/output/.classCache");
    }

    /**
     * The step's environment: the image's variables with its paths laid out here, and nothing of this JVM's but where
     * Java is, so that no password of the machine running the test reaches the server. The ports are free ones, since
     * other servers may hold 9080, 9443 and 5432 on this machine: nothing answers on the database port, as in the
     * image build.
     */
    private Map<String, String> processEnvironment(Map<String, String> environment) throws IOException {
        Map<String, String> process = new TreeMap<>();
        environment.forEach((name, value) -> process.put(name, value.startsWith("/") ? imagePath(value).toString() : value));
        process.put("WLP_USER_DIR", imagePath("/opt/ol/wlp/usr").toString());
        process.put("JAVA_HOME", System.getProperty("java.home"));
        process.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        process.put("HOME", Files.createDirectories(build.resolve("image-contents-home")).toString());
        process.put("HTTP_PORT", String.valueOf(FreePorts.next()));
        process.put("HTTPS_PORT", String.valueOf(FreePorts.next()));
        process.put("DB_PORT", String.valueOf(FreePorts.next()));
        return process;
    }

    private void server(String action, Map<String, String> environment) throws Exception {
        Path out = build.resolve("image-contents.out");
        ProcessBuilder builder = new ProcessBuilder(wlpHome.resolve("bin/server").toString(), action, SERVER)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("server " + action + " did not return within 2 minutes; see " + out);
        }
        assertEquals(0, process.exitValue(), "server " + action + "; see " + out);
        System.out.printf("server %s: %d s%n", action, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    private static void warm(int port, String path) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // configure.sh goes on when the warm-up request fails, and so does its reproduction.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void remove(String imageFile) throws IOException {
        if (imageFile.endsWith("/*")) {
            Path directory = imagePath(imageFile.substring(0, imageFile.length() - 2));
            if (Files.isDirectory(directory)) {
                try (Stream<Path> children = Files.list(directory)) {
                    for (Path child : children.toList()) {
                        deleteRecursively(child);
                    }
                }
            }
        } else {
            deleteRecursively(imagePath(imageFile));
        }
    }

    /** Every file the final stage holds in the laid-out directories, by its path in the image, with its size. */
    private Map<String, Long> listing() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(imageName(file), Files.size(file));
            }
        }
        return files;
    }

    private void print(Map<String, Long> files) throws IOException {
        StringBuilder full = new StringBuilder();
        Map<String, long[]> collapsed = new TreeMap<>();
        StringBuilder shown = new StringBuilder("Files of the image's final stage, as docker/Dockerfile leaves them:\n");
        files.forEach((file, size) -> {
            full.append(String.format("%10d  %s%n", size, file));
            Matcher area = COLLAPSED.matcher(file);
            if (area.matches()) {
                long[] total = collapsed.computeIfAbsent(area.group(1), k -> new long[2]);
                total[0]++;
                total[1] += size;
            } else {
                shown.append(String.format("%10d  %s%n", size, file));
            }
        });
        collapsed.forEach((area, total) -> shown.append(String.format("%10d  %s/ (%d files)%n", total[1], area, total[0])));
        shown.append("Written by the step's server starts before its removals: ");
        shown.append(writtenByServerStarts.stream().filter(f -> !files.containsKey(f))
                .map(f -> COLLAPSED.matcher(f).replaceAll("$1/")).distinct().toList()).append('\n');
        Files.writeString(build.resolve("image-contents.txt"), full);
        System.out.print(shown);
    }

    private void assertWarHoldsNoTestCode(Path war) throws Exception {
        Set<String> testArtifacts = testScopedArtifactIds();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = "/" + entry.getName();
                assertFalse(TEST_PATH.matcher(name).matches(), "bulwark.war holds test code: " + name);
                if (name.startsWith("/WEB-INF/lib/")) {
                    String jar = name.substring("/WEB-INF/lib/".length());
                    assertTrue(testArtifacts.stream().noneMatch(artifact -> jar.startsWith(artifact + "-")),
                            "bulwark.war holds " + jar + ", a test dependency");
                }
            }
        }
        assertFalse(testArtifacts.isEmpty());
    }

    private Path imagePath(String imageFile) {
        String best = directories.keySet().stream().filter(d -> imageFile.equals(d) || imageFile.startsWith(d + "/"))
                .max(Comparator.comparingInt(String::length))
                .orElseThrow(() -> new AssertionError("ImageContentsIT does not lay out " + imageFile));
        Path base = directories.get(best);
        return imageFile.equals(best) ? base : base.resolve(imageFile.substring(best.length() + 1));
    }

    private String imageName(Path file) {
        String best = null;
        for (Map.Entry<String, Path> directory : directories.entrySet()) {
            if (file.startsWith(directory.getValue())
                    && (best == null || directory.getValue().getNameCount() > directories.get(best).getNameCount())) {
                best = directory.getKey();
            }
        }
        if (best == null) {
            throw new AssertionError(file + " is outside the image's laid-out directories");
        }
        Path relative = directories.get(best).relativize(file);
        return relative.toString().isEmpty() ? best : best + "/" + relative.toString().replace('\\', '/');
    }

    private static String xor(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= '_';
        }
        return "{xor}" + Base64.getEncoder().encodeToString(bytes);
    }

    private static boolean contains(byte[] content, byte[] part) {
        outer:
        for (int i = 0; i <= content.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (content[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String pomProperty(String name) throws Exception {
        try (InputStream pom = Files.newInputStream(Path.of("pom.xml"))) {
            NodeList properties = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom).getElementsByTagName(name);
            return properties.item(0).getTextContent().strip();
        }
    }

    private static Set<String> testScopedArtifactIds() throws Exception {
        Set<String> artifacts = new TreeSet<>();
        try (InputStream pom = Files.newInputStream(Path.of("pom.xml"))) {
            NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom).getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                NodeList scope = dependency.getElementsByTagName("scope");
                if (scope.getLength() > 0 && scope.item(0).getTextContent().strip().equals("test")) {
                    artifacts.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().strip());
                }
            }
        }
        return artifacts;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path file : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run this test through mvn verify (failsafe sets it)");
        }
        return value;
    }
}
