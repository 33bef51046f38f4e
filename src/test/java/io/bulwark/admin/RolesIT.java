package io.bulwark.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.console.ToolboxBookmark;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three users an operator configures, each with its own reach: Bulwark's admin uses the whole API and looks
 * at Admin Center without changing it; the reader only reads; Liberty's administrator changes Admin Center but
 * has no role in Bulwark's API.
 */
@ExtendWith(ArquillianExtension.class)
class RolesIT {

    private static final String CATALOG = "/ibm/api/adminCenter/v1/catalog/bookmarks";

    private final WebhookClient client = new WebhookClient();
    private final TestCredentials credentials = client.credentials();
    private final String reader = WebhookClient.basic(TestCredentials.READER_USER, credentials.readerPassword());
    private final String libertyAdmin = WebhookClient.basic(TestCredentials.LIBERTY_ADMIN_USER, credentials.libertyAdminPassword());
    private final String admin = WebhookClient.basic(credentials.adminUser(), credentials.adminPassword());
    private final String https = "https://localhost:" + System.getProperty("bulwark.it.httpsPort");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void readerReadsEventsAccountsAlertsAndHealth() {
        assertEquals(200, client.request("GET", "/api/webhooks", reader).statusCode());
        assertEquals(200, client.request("GET", "/api/alerts", reader).statusCode());
        assertEquals(200, client.request("GET", "/api/webhooks/replay", reader).statusCode());
        assertEquals(200, client.request("GET", "/api/database/health?detailed=true", reader).statusCode());
        assertEquals(401, client.request("GET", "/api/database/health?detailed=true", libertyAdmin).statusCode());
        assertEquals(404, client.request("GET", "/api/accounts/acc_roles_" + UUID.randomUUID(), reader).statusCode(),
                "let through to the lookup, which finds nothing");
    }

    @Test
    void readerChangesNothing() {
        assertEquals(403, postJson("/api/webhooks/replay", reader).statusCode());
        assertEquals(403, client.request("POST", "/api/webhooks/" + UUID.randomUUID() + "/replay", reader).statusCode());
        assertEquals(403, client.request("POST", "/api/alerts/" + UUID.randomUUID() + "/acknowledge", reader).statusCode());
        assertEquals(403, client.request("DELETE", "/api/webhooks/replay/" + UUID.randomUUID(), reader).statusCode());
    }

    @Test
    void libertysAdministratorHasNoRoleInTheApi() {
        assertEquals(403, client.request("GET", "/api/webhooks", libertyAdmin).statusCode());
        assertEquals(403, postJson("/api/webhooks/replay", libertyAdmin).statusCode());
    }

    @Test
    void onlyLibertysAdministratorChangesAdminCenter() throws Exception {
        String name = "Roles check " + UUID.randomUUID().toString().substring(0, 8);
        String bookmark = Json.createObjectBuilder(ToolboxBookmark.EVENTS_CONSOLE.json()).add("name", name).build().toString();

        assertEquals(403, overHttps("POST", CATALOG, admin, bookmark).statusCode(), "Bulwark's admin only looks");
        assertEquals(403, overHttps("POST", CATALOG, reader, bookmark).statusCode());
        HttpResponse<String> added = overHttps("POST", CATALOG, libertyAdmin, bookmark);
        assertEquals(201, added.statusCode(), added.body());
        String id = WebhookClient.object(added).getString("id");
        assertEquals(200, overHttps("DELETE", CATALOG + "/" + id, libertyAdmin, null).statusCode());
    }

    /** A well-formed bulk replay request, so that only the caller's role can refuse it. */
    private HttpResponse<String> postJson(String path, String authorization) {
        return client.post(path, Map.of("Authorization", authorization, "Content-Type", "application/json"),
                "{\"status\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> overHttps(String method, String path, String authorization, String json) throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(TestEnvironment.get().managedServerTls())
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(https + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return tls.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
