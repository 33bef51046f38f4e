package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files in docker/ checked against the application, since no container engine runs here:
 * every variable they set is one docs/configuration.md documents, the probes are the health endpoints the ITs
 * see answer, no secret value is committed, and the image runs server-config/ unchanged.
 */
class DeploymentFilesTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Set<String> PROBE_PATHS = Set.of("/health/started", "/health/ready", "/health/live");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET).*");

    @Test
    void everyVariableTheManifestsSetIsDocumented() throws IOException {
        List<Pattern> documented = documentedVariables();
        Set<String> set = new TreeSet<>();
        set.addAll(composeEnvironment().keySet());
        set.addAll(envFileKeys(DOCKER.resolve("bulwark.env.example")));
        set.addAll(kubernetes("bulwark.yaml", "ConfigMap").stream().flatMap(c -> map(c, "data").keySet().stream()).toList());
        set.addAll(kubernetes("secret.yaml", "Secret").stream().flatMap(s -> map(s, "stringData").keySet().stream()).toList());

        assertFalse(set.isEmpty());
        for (String variable : set) {
            assertTrue(documented.stream().anyMatch(p -> p.matcher(variable).matches()),
                    variable + " is set by docker/ but docs/configuration.md does not document it");
        }
    }

    @Test
    void probesAreTheHealthEndpointsOnTheHttpPort() throws IOException {
        Map<String, Object> container = bulwarkContainer();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object port : list(container, "ports")) {
            ports.put((String) ((Map<?, ?>) port).get("name"), (Integer) ((Map<?, ?>) port).get("containerPort"));
        }
        assertEquals(9080, ports.get("http"), "the default HTTP_PORT of server.xml");
        Set<String> paths = new TreeSet<>();
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> httpGet = map(map(container, probe), "httpGet");
            paths.add((String) httpGet.get("path"));
            assertEquals("http", httpGet.get("port"), probe);
        }
        assertEquals(PROBE_PATHS, paths);
        Map<String, Object> startup = map(container, "startupProbe");
        assertTrue((Integer) startup.get("periodSeconds") * (Integer) startup.get("failureThreshold") >= 120,
                "the startup probe allows for a slow database, not just the 15-20 s start");
    }

    @Test
    void memoryLimitCoversTheMeasuredResidentSize() throws IOException {
        Map<String, Object> resources = map(bulwarkContainer(), "resources");
        assertEquals("512Mi", map(resources, "requests").get("memory"));
        assertEquals("640Mi", map(resources, "limits").get("memory"), "above the 447 MB measured at most, with room to spare");
        assertTrue(Files.readString(Path.of("server-config/jvm.options")).contains("-Xmx192m"), "the heap the limit was sized for");
    }

    @Test
    void noSecretValueIsCommitted() throws IOException {
        for (Map<String, Object> secret : kubernetes("secret.yaml", "Secret")) {
            map(secret, "stringData").forEach((key, value) -> assertEquals("", value, key + " must stay empty in the template"));
        }
        composeEnvironment().forEach((key, value) -> assertFalse(SECRET_NAME.matcher(key).matches(),
                key + " belongs in bulwark.env, which git ignores, not in compose.yaml"));
        String ignored = Files.readString(Path.of(".gitignore"));
        assertTrue(ignored.contains("docker/*.env") && ignored.contains("docker/userlist.txt"), "secret files are ignored by git");
        String pgbouncer = Files.readString(DOCKER.resolve("pgbouncer.ini"));
        assertFalse(pgbouncer.matches("(?s).*password\\s*=.*"), "no password in pgbouncer.ini");
    }

    @Test
    void imageRunsServerConfigUnchanged() throws IOException {
        List<String> copies = Files.readAllLines(DOCKER.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("COPY") && line.contains("/config/"))
                .toList();
        assertTrue(copies.stream().anyMatch(line -> line.matches("COPY --chown=1001:0 server-config/ /config/")), copies.toString());
        assertTrue(copies.stream().filter(line -> !line.contains("server-config/"))
                        .allMatch(line -> line.endsWith("/config/apps/bulwark.war") || line.endsWith("/config/jdbc/postgresql.jar")
                                || line.endsWith("docker/liberty/keystore.xml /config/configDropins/defaults/keystore.xml")),
                "nothing but the application, the driver and the password-free keystore.xml is added to /config: " + copies);
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("RUN features.sh") && dockerfile.contains("RUN configure.sh") && dockerfile.contains("USER 1001"));
    }

    @Test
    void composeWiresBulwarkThroughPgBouncerAndMigratesDirect() throws IOException {
        Map<String, String> environment = composeEnvironment();
        assertEquals("pgbouncer", environment.get("DB_HOST"));
        assertEquals("postgres", environment.get("DB_DIRECT_HOST"));
        assertEquals("off", environment.get("DB_PREPARED_STATEMENTS"));
        String ini = Files.readString(DOCKER.resolve("pgbouncer.ini"));
        assertTrue(ini.contains("pool_mode = transaction") && ini.contains("listen_port = 6432"));
        assertTrue(Files.readString(DOCKER.resolve("prometheus/prometheus.yml")).contains("bulwark:9080"));
    }

    private static List<Pattern> documentedVariables() throws IOException {
        String reference = Files.readString(Path.of("docs/configuration.md"));
        List<Pattern> patterns = new ArrayList<>();
        Matcher name = Pattern.compile("`([A-Z][A-Z0-9_<>]*)`").matcher(reference);
        while (name.find()) {
            patterns.add(Pattern.compile(name.group(1).replace("<NAME>", "[A-Z0-9_]+")));
        }
        return patterns;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment() throws IOException {
        Map<String, Object> compose = load(DOCKER.resolve("compose.yaml")).get(0);
        Map<String, Object> bulwark = map(map(compose, "services"), "bulwark");
        return ((Map<String, Object>) bulwark.get("environment")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    private static Set<String> envFileKeys(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Object> bulwarkContainer() throws IOException {
        Map<String, Object> deployment = kubernetes("bulwark.yaml", "Deployment").get(0);
        Object container = list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").get(0);
        return cast(container);
    }

    private static List<Map<String, Object>> kubernetes(String file, String kind) throws IOException {
        return load(DOCKER.resolve("k8s").resolve(file)).stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                documents.add(cast(document));
            }
        }
        return documents;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return cast(parent.get(key));
    }

    private static List<Object> list(Map<String, Object> parent, String key) {
        @SuppressWarnings("unchecked")
        List<Object> value = (List<Object>) parent.get(key);
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
