package io.bulwark.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kubernetes probes as a kubelet sees them: unauthenticated HTTP on the server's port. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void readinessIsUpWhenTheDatabaseAnswersThroughThePool() throws Exception {
        JsonObject health = get("/health/ready", 200);
        assertEquals("UP", health.getString("status"));
        JsonObject database = check(health, DatabaseReadinessCheck.NAME);
        assertEquals("UP", database.getString("status"));
    }

    @Test
    void startupIsUpOnceTheSchemaIsMigrated() throws Exception {
        JsonObject health = get("/health/started", 200);
        assertEquals("UP", health.getString("status"));
        JsonObject migration = check(health, MigrationStartupCheck.NAME);
        assertEquals("UP", migration.getString("status"));
        assertEquals("DONE", migration.getJsonObject("data").getString("state"));
        assertTrue(migration.getJsonObject("data").getString("version").matches("\\d+(\\.\\d+)*"));
    }

    @Test
    void livenessIsUp() throws Exception {
        assertEquals("UP", get("/health/live", 200).getString("status"));
    }

    private JsonObject get(String path, int expectedStatus) throws Exception {
        URI uri = URI.create("http://localhost:" + System.getProperty("bulwark.it.httpPort") + path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> name.equals(check.getString("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check named " + name + " in " + health));
    }
}
