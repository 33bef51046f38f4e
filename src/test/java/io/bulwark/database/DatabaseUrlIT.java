package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.EmbeddedDatabase;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DATABASE_URL as operators use it: servers started through bin/server, as the image starts them, with the
 * database given only as a URL, or given twice in ways that disagree. The first server is also the least an
 * operator can configure: no user at all, which must start quietly.
 */
class DatabaseUrlIT {

    private static final Set<String> DB_VARIABLES = Set.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_SSLMODE");
    private static final Set<String> USER_VARIABLES = Set.of("ADMIN_USER", "ADMIN_PASSWORD", "READER_USER", "READER_PASSWORD",
            "LIBERTY_ADMIN_USER", "LIBERTY_ADMIN_PASSWORD");
    /**
     * A line of messages.log whose message is an error, or the registry's complaint about a user without a name or
     * having no users (as the message itself, not named inside another one, such as the list of hidden messages).
     */
    private static final Pattern ERROR_OR_EMPTY_REGISTRY = Pattern.compile("\\s[EW] (?:[A-Z]{4,5}\\d{4}E|CWWKS310[023][EW]):");

    @Test
    void serverGivenOnlyADatabaseUrlAndNoUserConnectsThroughItQuietly() throws IOException, InterruptedException {
        int port = TestEnvironment.get().applicationDatabasePort();
        // The embedded database and the test pooler accept any password; an encoded one shows it arrives decoded.
        String url = "postgresql://" + EmbeddedDatabase.USER + ":p%40ss%3Aw%2Frd@" + EmbeddedDatabase.HOST + ":" + port + "/"
                + EmbeddedDatabase.DATABASE + "?sslmode=disable";
        String run = UUID.randomUUID().toString().substring(0, 8);

        Set<String> unset = new HashSet<>(DB_VARIABLES);
        unset.addAll(USER_VARIABLES);
        try (LibertyServer server = LibertyServer.start("notifydburl", port, Map.of("DATABASE_URL", url), unset)) {
            DeliveryLoad.Outcome stored = new DeliveryLoad().send(server.baseUrl(), new DeliveryLoad.Delivery("evt_url_" + run,
                    Events.account("account.created", "evt_url_" + run, Instant.now(), "acc_url_" + run, "active", "EUR", "0.00"),
                    Map.of()));

            assertEquals(200, stored.status(), stored.body());
            assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id = ?", "evt_url_" + run));
            TestEnvironment.get().pgBouncer().ifPresent(pgBouncer -> assertTrue(pgBouncer.consoleRows("SHOW CLIENTS").stream()
                    .anyMatch(client -> "bulwark-notifydburl".equals(client.get("application_name"))),
                    "the pooled connections went to the URL's port, PgBouncer's"));

            HttpResponse<Void> guessed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/webhooks"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", WebhookClient.basic("admin", "admin")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(401, guessed.statusCode(), "no user exists, not even a guessable one");
            List<String> log = Files.readAllLines(server.log());
            assertEquals(List.of(), log.stream().filter(line -> ERROR_OR_EMPTY_REGISTRY.matcher(line).find()).toList());
            assertEquals(1, log.stream().filter(line -> line.contains("No admin user: ") && line.contains("Set ADMIN_USER and ADMIN_PASSWORD")).count(),
                    "one line says how to add the admin");
        }
    }

    @Test
    void serverGivenADatabaseUrlAndADisagreeingPortRefusesToStartAndSaysWhy() {
        int port = TestEnvironment.get().applicationDatabasePort();
        String url = "postgresql://" + EmbeddedDatabase.USER + ":url-password@" + EmbeddedDatabase.HOST + ":1/" + EmbeddedDatabase.DATABASE;

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LibertyServer.startUnready("notifydbbad", port, Map.of("DATABASE_URL", url, "DB_PASSWORD", "env-password")));

        assertTrue(refused.getMessage().contains("server start notifydbbad failed"), refused.getMessage());
        String output = LibertyServer.startOutput("notifydbbad").strip();
        assertTrue(output.endsWith("Bulwark cannot start: DATABASE_URL and DB_PORT are both set and disagree: the URL gives '1', "
                + "DB_PORT is '" + port + "'; set only one of them"), output);
        assertFalse(output.contains("password"), "no password is shown: " + output);
    }
}
