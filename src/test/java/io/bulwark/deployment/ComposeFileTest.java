package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml as an operator meets it: every image pinned, nothing published beyond loopback, no service
 * started before the ones it needs are healthy, the database password set in one file, and an example signing
 * secret that Bulwark accepts.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Pattern PINNED_TAG = Pattern.compile("[^:@]+:v?\\d+(\\.\\d+)+[-.\\w]*");
    private static final String DATABASE_ENV = "database.env";

    private final Map<String, Map<String, Object>> services = services();

    @Test
    void everyImageIsPinnedToARelease() {
        services.forEach((name, service) -> {
            if (service.containsKey("build")) {
                assertFalse(service.containsKey("image"), name + " is built from this checkout; a tag of its own would float");
                return;
            }
            String image = (String) service.get("image");
            assertTrue(PINNED_TAG.matcher(image).matches(), name + ": " + image + " names no release");
            assertFalse(image.contains("latest"), name + ": " + image);
        });
        assertTrue(((String) services.get("postgres").get("image")).matches("postgres:(15|17)\\.\\d+.*"), "a PostgreSQL minor release Bulwark is tested on");
        assertTrue(((String) services.get("pgbouncer").get("image")).contains(":1.18."), "the PgBouncer release the tests run");
    }

    @Test
    void publishedPortsAreBoundToLoopbackOnly() {
        int published = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            for (Object port : list(service.getValue(), "ports")) {
                String binding = port instanceof Map ? ((Map<?, ?>) port).get("host_ip") + ":" : String.valueOf(port);
                assertTrue(binding.startsWith("127.0.0.1:"), service.getKey() + " publishes " + port + " beyond loopback");
                published++;
            }
        }
        assertEquals(List.of("127.0.0.1:9080:9080", "127.0.0.1:9443:9443"), list(services.get("bulwark"), "ports"),
                "Bulwark's HTTP port for the host's TLS proxy, Admin Center for the host only");
        assertTrue(published >= 4, "Bulwark, Prometheus and Grafana are reachable from the host");
    }

    @Test
    void everyServiceIsHealthCheckedAndStartsAfterItsDependenciesAreHealthy() {
        services.forEach((name, service) -> {
            Map<String, Object> healthcheck = map(service, "healthcheck");
            assertFalse(list(healthcheck, "test").isEmpty(), name + " has no health check");
            Object dependsOn = service.getOrDefault("depends_on", Map.of());
            assertTrue(dependsOn instanceof Map, name + ": depends_on as a list only waits for a start, not for health");
            ((Map<?, ?>) dependsOn).forEach((dependency, condition) -> {
                assertEquals("service_healthy", ((Map<?, ?>) condition).get("condition"), name + " on " + dependency);
                assertTrue(services.containsKey((String) dependency), name + " depends on an unknown " + dependency);
            });
        });
        assertEquals(List.of("CMD", "curl", "-fsS", "-o", "/dev/null", "http://localhost:9080/health/ready"),
                list(map(services.get("bulwark"), "healthcheck"), "test"), "ready means the schema is migrated and the database answers");
        assertTrue(map(services.get("bulwark"), "depends_on").keySet().containsAll(List.of("postgres", "pgbouncer")));
        assertEquals(Map.of("condition", "service_healthy"), map(map(services.get("pgbouncer"), "depends_on"), "postgres"));
    }

    @Test
    void theDatabasePasswordIsSetInOneFileThatEveryDatabaseClientReads() throws IOException {
        for (String service : List.of("postgres", "pgbouncer", "bulwark")) {
            Object envFiles = services.get(service).get("env_file");
            List<?> files = envFiles instanceof List ? (List<?>) envFiles : List.of(envFiles);
            assertTrue(files.contains(DATABASE_ENV), service + " reads the database credentials from " + DATABASE_ENV);
        }
        services.forEach((name, service) -> {
            map(service, "environment").keySet().forEach(key ->
                    assertFalse(key.contains("PASSWORD"), name + " sets " + key + " in compose.yaml rather than taking it from an env file"));
            list(service, "volumes").forEach(volume ->
                    assertFalse(String.valueOf(volume).contains("userlist.txt"), name + " mounts a second copy of the password"));
        });
        String postgresStart = String.join(" ", list(services.get("postgres"), "entrypoint").stream().map(String::valueOf).toList());
        assertTrue(postgresStart.contains("POSTGRES_PASSWORD=\"$$DB_PASSWORD\""), "PostgreSQL takes its password from DB_PASSWORD: " + postgresStart);

        Map<String, Integer> passwordKeys = new LinkedHashMap<>();
        try (Stream<Path> examples = Files.list(DOCKER)) {
            for (Path example : examples.filter(f -> f.getFileName().toString().endsWith(".env.example")).toList()) {
                for (String key : envFile(example).keySet()) {
                    if (key.equals("DB_PASSWORD") || key.startsWith("POSTGRES_")) {
                        passwordKeys.merge(example.getFileName() + " " + key, 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(Map.of(DATABASE_ENV + ".example DB_PASSWORD", 1), passwordKeys);
        assertFalse(envFile(DOCKER.resolve(DATABASE_ENV + ".example")).get("DB_PASSWORD").isBlank(), "the example works as it is");
    }

    @Test
    void exampleSigningSecretIsOneBulwarkAccepts() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        envFile(DOCKER.resolve("bulwark.env.example")).forEach((key, value) -> {
            if (key.matches("WEBHOOK_SOURCES_[A-Z0-9_]+_SECRET")) {
                secrets.put(key, value);
            }
        });
        assertFalse(secrets.isEmpty(), "the example configures a source, so the first delivery has somewhere to go");
        secrets.forEach((key, secret) -> {
            assertTrue(secret.startsWith("whsec_"), key);
            byte[] decoded = assertDoesNotThrow(() -> Base64.getDecoder().decode(secret.substring("whsec_".length())), key + " is not base64");
            assertTrue(decoded.length >= 24 && decoded.length <= 64, key + " decodes to " + decoded.length + " bytes, not 24 to 64");
            assertDoesNotThrow(() -> SigningKeys.of(SignatureScheme.STANDARD, secret), key + " is refused at start");
        });
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                entries.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.getOrDefault(key, Map.of());
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        return (List<?>) parent.getOrDefault(key, List.of());
    }
}
