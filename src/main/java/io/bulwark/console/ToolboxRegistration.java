package io.bulwark.console;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the events console into Liberty Admin Center at every start, so that no operator has to add it by hand
 * and a server with a fresh output directory (a new container) has it too: as a bookmark in Admin Center's
 * catalog, from which every admin's new toolbox is filled and any admin can add it, and as an entry for that
 * bookmark in the toolbox of the configured admin ({@code ADMIN_USER}), which may exist already. What is
 * there already is left as it is, so nothing appears twice.
 *
 * <p>It goes through Admin Center's own REST API over HTTPS, which opens only once the server has its keystore
 * and its HTTPS port, possibly after this application started: attempts are repeated every
 * {@code console.toolbox.retry-interval}, at most {@code console.toolbox.max-attempts} times, on a managed
 * scheduler, never holding up the start. An admin that Admin Center refuses ends the attempts with a warning.
 * {@code console.toolbox.enabled=false} turns it off.
 */
@ApplicationScoped
public class ToolboxRegistration {

    private static final Logger LOG = Logger.getLogger(ToolboxRegistration.class.getName());
    static final String CATALOG_BOOKMARKS = "/ibm/api/adminCenter/v1/catalog/bookmarks";
    static final String TOOLBOX = "/ibm/api/adminCenter/v1/toolbox";
    static final String TOOLBOX_ENTRIES = TOOLBOX + "/toolEntries";

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    AdminCenterClient adminCenter;

    @Inject
    @ConfigProperty(name = "console.toolbox.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "console.toolbox.retry-interval", defaultValue = "PT5S")
    Duration retryInterval;

    @Inject
    @ConfigProperty(name = "console.toolbox.max-attempts", defaultValue = "60")
    int maxAttempts;

    private volatile ScheduledFuture<?> next;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!enabled) {
            return;
        }
        if (!adminCenter.hasAdmin()) {
            LOG.info("The events console is not added to Admin Center's toolbox: ADMIN_USER and ADMIN_PASSWORD are not set");
            return;
        }
        schedule(1, Duration.ZERO);
    }

    private void schedule(int attempt, Duration delay) {
        next = scheduler.schedule(() -> attempt(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(int attempt) {
        try {
            String tool = inCatalog();
            inToolbox(tool);
            LOG.log(Level.INFO, "The events console is in Admin Center''s catalog and in the toolbox of {0}", adminCenter.adminUser());
        } catch (IOException | AdminCenterNotReady e) {
            if (attempt < maxAttempts) {
                LOG.log(Level.FINE, "Admin Center not reachable yet (attempt {0}): {1}", new Object[] {attempt, e.getMessage()});
                schedule(attempt + 1, retryInterval);
            } else {
                LOG.log(Level.WARNING, "The events console was not added to Admin Center''s toolbox after {0} attempts: {1}",
                        new Object[] {attempt, e.getMessage()});
            }
        } catch (AdminCenterRefused e) {
            LOG.log(Level.WARNING, "Admin Center refused to add the events console to the toolbox: {0}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The events console was not added to Admin Center's toolbox", e);
        }
    }

    /** The console's bookmark in the catalog, added when missing; returns its tool id. */
    private String inCatalog() throws IOException, AdminCenterNotReady, AdminCenterRefused {
        JsonArray listed = array(CATALOG_BOOKMARKS, checked(CATALOG_BOOKMARKS, adminCenter.get(CATALOG_BOOKMARKS)));
        List<JsonObject> found = ToolboxBookmark.EVENTS_CONSOLE.foundIn(listed);
        if (!found.isEmpty()) {
            return found.get(0).getString("id");
        }
        AdminCenterClient.Answer added = adminCenter.post(CATALOG_BOOKMARKS, ToolboxBookmark.EVENTS_CONSOLE.json());
        if (added.status() == 409) {
            throw new AdminCenterRefused("the catalog holds another tool named " + ToolboxBookmark.EVENTS_CONSOLE.name());
        }
        return object(CATALOG_BOOKMARKS, checked(CATALOG_BOOKMARKS, added)).getString("id");
    }

    /**
     * The catalog's tool in the admin's toolbox, added when the toolbox has neither an entry for it nor a
     * bookmark of its own to the console. The toolbox is made from the catalog when the admin first uses Admin
     * Center, so a new one holds the tool already.
     */
    private void inToolbox(String tool) throws IOException, AdminCenterNotReady, AdminCenterRefused {
        JsonObject toolbox = object(TOOLBOX, checked(TOOLBOX, adminCenter.get(TOOLBOX)));
        boolean entered = toolbox.getJsonArray("toolEntries").getValuesAs(JsonObject.class).stream()
                .anyMatch(entry -> tool.equals(entry.getString("id", null)));
        if (entered || !ToolboxBookmark.EVENTS_CONSOLE.foundIn(toolbox.getJsonArray("bookmarks")).isEmpty()) {
            return;
        }
        JsonObject entry = Json.createObjectBuilder().add("id", tool).add("type", "bookmark").build();
        AdminCenterClient.Answer added = adminCenter.post(TOOLBOX_ENTRIES, entry);
        // 409: entered meanwhile, from the admin's own browser.
        if (added.status() != 409) {
            checked(TOOLBOX_ENTRIES, added);
        }
    }

    /** A success as it is; a refusal of the admin or of the bookmark as final; anything else as not ready yet. */
    private static AdminCenterClient.Answer checked(String path, AdminCenterClient.Answer answer)
            throws AdminCenterNotReady, AdminCenterRefused {
        if (answer.successful()) {
            return answer;
        }
        String what = path + " answered " + answer.status() + ": " + abbreviated(answer.body());
        if (answer.status() == 400 || answer.status() == 401 || answer.status() == 403) {
            throw new AdminCenterRefused(what);
        }
        throw new AdminCenterNotReady(what);
    }

    private static JsonArray array(String path, AdminCenterClient.Answer answer) throws AdminCenterNotReady {
        return parse(path, answer, JsonValue.ValueType.ARRAY).asJsonArray();
    }

    private static JsonObject object(String path, AdminCenterClient.Answer answer) throws AdminCenterNotReady {
        return parse(path, answer, JsonValue.ValueType.OBJECT).asJsonObject();
    }

    private static JsonValue parse(String path, AdminCenterClient.Answer answer, JsonValue.ValueType expected)
            throws AdminCenterNotReady {
        try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() == expected) {
                return value;
            }
        } catch (JsonException e) {
            throw new AdminCenterNotReady(path + " did not answer JSON: " + abbreviated(answer.body()));
        }
        throw new AdminCenterNotReady(path + " did not answer a JSON " + expected + ": " + abbreviated(answer.body()));
    }

    private static String abbreviated(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /** Admin Center answered, but not yet as it will once it has started. */
    static final class AdminCenterNotReady extends Exception {
        AdminCenterNotReady(String message) {
            super(message);
        }
    }

    /** Admin Center refused the admin or the bookmark; trying again would not change that. */
    static final class AdminCenterRefused extends Exception {
        AdminCenterRefused(String message) {
            super(message);
        }
    }
}
