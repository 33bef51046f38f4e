package io.bulwark.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * Places the events console in Admin Center through its REST API, as the configured admin: as a bookmark in
 * the catalog, from which every admin's new toolbox is filled and any admin can add it, and as an entry for
 * that bookmark in the admin's own toolbox, which may exist already. What is there already is left as it is,
 * so placing it again (at every start) adds nothing, and the toolbox never shows the tool twice.
 */
@ApplicationScoped
public class ToolboxPlacement {

    static final String CATALOG_BOOKMARKS = "/ibm/api/adminCenter/v1/catalog/bookmarks";
    static final String TOOLBOX = "/ibm/api/adminCenter/v1/toolbox";
    static final String TOOLBOX_ENTRIES = TOOLBOX + "/toolEntries";

    @Inject
    AdminCenterClient adminCenter;

    /**
     * Places the console where it is missing.
     *
     * @throws IOException          when Admin Center cannot be reached (yet)
     * @throws AdminCenterNotReady  when it answers, but not yet as it will once started
     * @throws AdminCenterRefused   when it refuses the admin or the bookmark
     */
    public void place() throws IOException, AdminCenterNotReady, AdminCenterRefused {
        inToolbox(inCatalog());
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

    /** Admin Center answered, but not yet as it will once it has started. */
    public static final class AdminCenterNotReady extends Exception {
        AdminCenterNotReady(String message) {
            super(message);
        }
    }

    /** Admin Center refused the admin or the bookmark; trying again would not change that. */
    public static final class AdminCenterRefused extends Exception {
        AdminCenterRefused(String message) {
            super(message);
        }
    }
}
