package io.bulwark.console;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * The events console as an Admin Center bookmark: a tool whose icon in the toolbox opens {@code url} in the
 * toolbox's window. Admin Center derives the bookmark's id from its name and refuses names and descriptions
 * with any of {@code ~ & : ; / \ ? { } < > [ ]}.
 *
 * @param name        the label under the icon
 * @param url         the console's address, relative to the server so that it keeps Admin Center's host and port
 * @param icon        the icon's address, likewise
 * @param description what the tool does, shown in Admin Center's catalog
 */
public record ToolboxBookmark(String name, String url, String icon, String description) {

    public static final ToolboxBookmark EVENTS_CONSOLE = new ToolboxBookmark("Bulwark events", "/console/",
            "/console/tool-icon.svg", "Search, inspect and replay the webhook events Bulwark stored");

    public JsonObject json() {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("url", url)
                .add("icon", icon)
                .add("description", description)
                .build();
    }

    /** The bookmarks to this one's address in a list of tools (Admin Center's JSON). */
    public List<JsonObject> foundIn(JsonArray tools) {
        return tools.stream()
                .filter(tool -> tool.getValueType() == JsonValue.ValueType.OBJECT)
                .map(JsonValue::asJsonObject)
                .filter(tool -> url.equals(tool.getString("url", null)))
                .toList();
    }
}
