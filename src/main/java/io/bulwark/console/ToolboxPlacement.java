package io.bulwark.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;

/**
 * Places the events console in the configured admin's Admin Center toolbox through Admin Center's REST API, as a
 * bookmark of that admin's own. The admin holds Liberty's reader-role only, which may arrange its own toolbox but
 * not Admin Center's catalog (that takes the administrator-role, which Bulwark's admin deliberately lacks). What
 * is there already is left as it is, so placing it again (at every start) adds nothing, and the toolbox never
 * shows the tool twice.
 */
@ApplicationScoped
public class ToolboxPlacement {

    static final String TOOLBOX = "/ibm/api/adminCenter/v1/toolbox";
    static final String TOOLBOX_BOOKMARKS = TOOLBOX + "/bookmarks";

    @Inject
    AdminCenterClient adminCenter;

    /**
     * Places the console in the admin's toolbox unless it is there already.
     *
     * @throws IOException          when Admin Center cannot be reached (yet)
     * @throws AdminCenterNotReady  when it answers, but not yet as it will once started
     * @throws AdminCenterRefused   when it refuses the admin or the bookmark
     */
    public void place() throws IOException, AdminCenterNotReady, AdminCenterRefused {
        if (inToolbox()) {
            return;
        }
        AdminCenterClient.Answer added = adminCenter.post(TOOLBOX_BOOKMARKS, ToolboxBookmark.EVENTS_CONSOLE.json());
        // 409: a bookmark of that name exists; the admin's own browser may have added this one meanwhile.
        if (added.status() == 409) {
            if (!inToolbox()) {
                throw new AdminCenterRefused("the toolbox holds another tool named " + ToolboxBookmark.EVENTS_CONSOLE.name());
            }
            return;
        }
        checked(TOOLBOX_BOOKMARKS, added);
    }

    private boolean inToolbox() throws IOException, AdminCenterNotReady, AdminCenterRefused {
        JsonObject toolbox = object(TOOLBOX, checked(TOOLBOX, adminCenter.get(TOOLBOX)));
        return !ToolboxBookmark.EVENTS_CONSOLE.foundIn(toolbox.getJsonArray("bookmarks")).isEmpty();
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
