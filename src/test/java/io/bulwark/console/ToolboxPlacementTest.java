package io.bulwark.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console placed in one admin's Admin Center toolbox as Liberty's REST API keeps it: the admin's own
 * bookmarks beside entries taken from the catalog, which the admin (Liberty's reader-role) may not change.
 */
class ToolboxPlacementTest {

    private final RecordingAdminCenter adminCenter = new RecordingAdminCenter();
    private final ToolboxPlacement placement = new ToolboxPlacement();

    ToolboxPlacementTest() {
        placement.adminCenter = adminCenter;
    }

    @Test
    void firstStartPutsTheConsoleInTheAdminsToolbox() throws Exception {
        placement.place();

        assertEquals(1, adminCenter.bookmarksTo("/console/"));
        assertEquals(List.of("POST " + ToolboxPlacement.TOOLBOX_BOOKMARKS), adminCenter.changes);
    }

    @Test
    void everyLaterStartAddsNothing() throws Exception {
        placement.place();
        List<String> firstStart = List.copyOf(adminCenter.changes);

        placement.place();
        placement.place();

        assertEquals(firstStart, adminCenter.changes);
        assertEquals(1, adminCenter.bookmarksTo("/console/"));
    }

    @Test
    void adminsOwnBookmarkToTheConsoleIsEnough() throws Exception {
        adminCenter.ownBookmarks.add(bookmark("My events", "/console/"));

        placement.place();

        assertTrue(adminCenter.changes.isEmpty(), "the console is not shown twice");
    }

    @Test
    void toolOfTheSameNameElsewhereIsTheAdminsAndRefusesThePlacement() {
        adminCenter.ownBookmarks.add(bookmark("Bulwark events", "https://elsewhere.example/"));

        assertThrows(ToolboxPlacement.AdminCenterRefused.class, placement::place);
        assertEquals(0, adminCenter.bookmarksTo("/console/"));
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

    /** One admin's toolbox in memory, with the REST API's answers. */
    private static final class RecordingAdminCenter extends AdminCenterClient {

        final List<JsonObject> ownBookmarks = new ArrayList<>();
        final List<String> changes = new ArrayList<>();
        int answerEverything;

        @Override
        public Answer get(String path) {
            if (answerEverything != 0) {
                return new Answer(answerEverything, "{}");
            }
            if (path.equals(ToolboxPlacement.TOOLBOX)) {
                return new Answer(200, Json.createObjectBuilder()
                        .add("toolEntries", Json.createArrayBuilder().add(entry("openliberty.io")))
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
            if (!path.equals(ToolboxPlacement.TOOLBOX_BOOKMARKS)) {
                throw new IOException("unexpected POST " + path);
            }
            JsonObject added = bookmark(json.getString("name"), json.getString("url"));
            if (ownBookmarks.stream().anyMatch(tool -> tool.getString("id").equals(added.getString("id")))) {
                return new Answer(409, "{}");
            }
            changes.add("POST " + path);
            ownBookmarks.add(added);
            return new Answer(201, added.toString());
        }

        long bookmarksTo(String url) {
            return ownBookmarks.stream().filter(tool -> url.equals(tool.getString("url"))).count();
        }
    }
}
