package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file's Prometheus and Grafana as an operator starts them: pinned images, ports on the loopback
 * interface only, the mounted directories present, and the dashboard's panels on the provisioned data source.
 */
class MonitoringStackTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void prometheusAndGrafanaArePinnedAndListenOnLoopbackOnly() throws IOException {
        Map<String, Object> services = services();
        for (String name : List.of("prometheus", "grafana")) {
            Map<String, Object> service = map(services, name);
            String image = (String) service.get("image");
            assertTrue(image.matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+"), name + " runs a pinned image: " + image);
            for (Object port : (List<?>) service.get("ports")) {
                assertTrue(String.valueOf(port).startsWith("127.0.0.1:"), name + " publishes " + port + " on loopback only");
            }
            for (Object volume : (List<?>) service.get("volumes")) {
                String host = String.valueOf(volume).split(":")[0];
                assertTrue(Files.exists(DOCKER.resolve(host)), name + " mounts " + host + ", which exists");
            }
        }
    }

    @Test
    void everyPanelQueriesTheProvisionedDataSource() throws IOException {
        Map<String, Object> provisioned;
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"))) {
            provisioned = new Yaml().load(reader);
        }
        Map<?, ?> source = (Map<?, ?>) ((List<?>) provisioned.get("datasources")).get(0);
        assertEquals("http://prometheus:9090", source.get("url"));
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(DOCKER.resolve("grafana/dashboards/bulwark.json")))) {
            List<JsonValue> panels = reader.readObject().getJsonArray("panels");
            assertFalse(panels.isEmpty());
            for (JsonValue panel : panels) {
                assertEquals(source.get("uid"), panel.asJsonObject().getJsonObject("datasource").getString("uid"),
                        panel.asJsonObject().getString("title"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Object>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
