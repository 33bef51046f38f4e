package io.bulwark.webhook.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void cursorComesBackAsItWasMadeToTheMicrosecond() {
        PageCursor cursor = new PageCursor(OffsetDateTime.parse("2026-11-30T17:01:02.123456Z"), UUID.randomUUID());

        String text = cursor.encode();

        assertEquals(cursor, PageCursor.decode(text, "cursor"));
        assertTrue(text.matches("[A-Za-z0-9_-]+"), "safe in a URL as it is: " + text);
    }

    @Test
    void textThisServiceDidNotMakeIsA400NamingTheParameter() {
        for (String text : new String[] {"not-a-cursor", "%%%", encoded("2026-11-30T17:01:02Z"), encoded("yesterday|" + UUID.randomUUID()),
                encoded("2026-11-30T17:01:02Z|not-a-uuid")}) {
            ProblemException refused = assertThrows(ProblemException.class, () -> PageCursor.decode(text, "cursor"), text);
            assertEquals(400, refused.status());
            assertTrue(refused.detail().startsWith("cursor "), refused.detail());
            assertFalse(refused.detail().contains(text), "the detail does not echo what was sent");
        }
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
