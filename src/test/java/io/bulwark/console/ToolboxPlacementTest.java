package io.bulwark.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console placed in an Admin Center that keeps its catalog and one admin's toolbox as Liberty's REST API
 * does: a toolbox is made from the catalog on its first read, and a tool entered twice is shown twice.
 */
class ToolboxPlacementTest {

    private final RecordingAdminCenter adminCenter = new RecordingAdminCenter();
    private final ToolboxPlacement placement = new ToolboxPlacement();

    ToolboxPlacementTest() {
        placement.adminCenter = adminCenter;
    }

    @Test
    void firstStartPutsTheConsoleInTheCatalogAndANewToolboxTakesItFromThere() throws Exception {
        placement.place();

        assertEquals(1, adminCenter.catalogBookmarksTo("/console/"));
        assertEquals(1, adminCenter.toolboxEntriesFor("Bulwark+events"));
        assertEquals(List.of("POST " + ToolboxPlacement.CATALOG_BOOKMARKS), adminCenter.changes);
    }

    @Test
    void toolboxMadeBeforeTheConsoleExistedGetsAnEntryForTheCatalogsBookmark() throws Exception {
        adminCenter.get(ToolboxPlacement.TOOLBOX);

        placement.place();

        assertEquals(1, adminCenter.toolboxEntriesFor("Bulwark+events"));
        assertTrue(adminCenter.ownBookmarks.isEmpty(), "the toolbox refers to the catalog's bookmark");
    }

    @Test
    void everyLaterStartAddsNothing() throws Exception {
        adminCenter.get(ToolboxPlacement.TOOLBOX);
        placement.place();
        List<String> firstStart = List.copyOf(adminCenter.changes);

        placement.place();
        placement.place();

        assertEquals(firstStart, adminCenter.changes);
        assertEquals(1, adminCenter.catalogBookmarksTo("/console/"));
        assertEquals(1, adminCenter.toolboxEntriesFor("Bulwark+events"));
    }

    @Test
    void adminsOwnBookmarkToTheConsoleIsEnough() throws Exception {
        adminCenter.get(ToolboxPlacement.TOOLBOX);
        adminCenter.ownBookmarks.add(bookmark("My events", "/console/"));
        adminCenter.toolEntries.add(entry("My+events"));

        placement.place();

        assertEquals(0, adminCenter.toolboxEntriesFor("Bulwark+events"), "the console is not shown twice");
    }

    @Test
    void catalogToolOfTheSameNameElsewhereIsTheOperatorsAndRefusesThePlacement() {
        adminCenter.catalog.add(bookmark("Bulwark events", "https://elsewhere.example/"));

        assertThrows(ToolboxPlacement.AdminCenterRefused.class, placement::place);
        assertEquals(1, adminCenter.catalog.stream().filter(tool -> tool.getString("name").equals("Bulwark events")).count());
    }

    @Test
    void adminCenterStillStartingIsNotReadyAndWrongCredentialsAreRefused() {
        adminCenter.answerEverything = 404;
        assertThrows(ToolboxPlacement.AdminCenterNotReady.class, placement::place);
        adminCenter.answerEverything = 401;
        assertThrows(ToolboxPlacement.AdminCenterRefused.class, placement::place);
        assertTrue(adminCenter.changes.isEmpty());
    }

    private static JsonObject bookmark(String name, String url) {
        return Json.createObjectBuilder()
                .add("id", URLEncoder.encode(name, StandardCharsets.UTF_8))
                .add("type", "bookmark")
                .add("name", name)
                .add("url", url)
                .add("icon", "images/tools/defaultBookmark_142x142.png")
                .build();
    }

    private static JsonObject entry(String id) {
        return Json.createObjectBuilder().add("id", id).add("type", "bookmark").build();
    }

    /** Admin Center's catalog and the admin's toolbox in memory, with the REST API's answers. */
    private static final class RecordingAdminCenter extends AdminCenterClient {

        final List<JsonObject> catalog = new ArrayList<>(List.of(bookmark("openliberty.io", "https://openliberty.io")));
        final List<JsonObject> ownBookmarks = new ArrayList<>();
        final List<String> changes = new ArrayList<>();
        List<JsonObject> toolEntries;
        int answerEverything;

        @Override
        public Answer get(String path) {
            if (answerEverything != 0) {
                return new Answer(answerEverything, "{}");
            }
            if (path.equals(ToolboxPlacement.CATALOG_BOOKMARKS)) {
                return new Answer(200, array(catalog));
            }
            if (path.equals(ToolboxPlacement.TOOLBOX)) {
                if (toolEntries == null) {
                    toolEntries = new ArrayList<>(catalog.stream().map(tool -> entry(tool.getString("id"))).toList());
                }
                return new Answer(200, Json.createObjectBuilder()
                        .add("toolEntries", Json.createArrayBuilder(toolEntries))
                        .add("bookmarks", Json.createArrayBuilder(ownBookmarks))
                        .build().toString());
            }
            return new Answer(404, "{}");
        }

        @Override
        public Answer post(String path, JsonObject json) throws IOException {
            if (answerEverything != 0) {
                return new Answer(answerEverything, "{}");
            }
            changes.add("POST " + path);
            if (path.equals(ToolboxPlacement.CATALOG_BOOKMARKS)) {
                JsonObject added = bookmark(json.getString("name"), json.getString("url"));
                if (catalog.stream().anyMatch(tool -> tool.getString("id").equals(added.getString("id")))) {
                    return new Answer(409, "{}");
                }
                catalog.add(added);
                return new Answer(201, added.toString());
            }
            if (path.equals(ToolboxPlacement.TOOLBOX_ENTRIES)) {
                toolEntries.add(entry(json.getString("id")));
                return new Answer(201, json.toString());
            }
            throw new IOException("unexpected POST " + path);
        }

        long catalogBookmarksTo(String url) {
            return catalog.stream().filter(tool -> url.equals(tool.getString("url"))).count();
        }

        long toolboxEntriesFor(String id) {
            return toolEntries.stream().filter(tool -> id.equals(tool.getString("id"))).count();
        }

        private static String array(List<JsonObject> tools) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            tools.forEach(array::add);
            return array.build().toString();
        }
    }
}
