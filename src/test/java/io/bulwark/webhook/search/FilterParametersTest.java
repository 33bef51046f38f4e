package io.bulwark.webhook.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.WebhookStatus;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class FilterParametersTest {

    @Test
    void filterIsReadAsAdminsWriteIt() {
        EventFilter filter = FilterParameters.read("PAY_OPS", "evt_1", "transaction.created", "failed", "2026-11-30T10:00:00Z",
                "2026-11-30T12:00:00+01:00");

        assertEquals(new EventFilter("pay-ops", "evt_1", "transaction.created", WebhookStatus.FAILED,
                OffsetDateTime.parse("2026-11-30T10:00:00Z"), OffsetDateTime.parse("2026-11-30T12:00:00+01:00")), filter);
    }

    @Test
    void blankMembersDoNotNarrow() {
        assertEquals(new EventFilter(null, null, null, null, null, null), FilterParameters.read(null, "", " ", null, "", null));
    }

    @Test
    void whatCannotBeReadIsA400NamingIt() {
        assertNamed("source", () -> FilterParameters.read("no spaces", null, null, null, null, null));
        assertNamed("status", () -> FilterParameters.read(null, null, null, "DONE", null, null));
        assertNamed("receivedFrom", () -> FilterParameters.read(null, null, null, null, "2026-11-30", null));
        assertNamed("receivedTo", () -> FilterParameters.read(null, null, null, null, null, "noon"));
        assertNamed("receivedFrom", () -> FilterParameters.read(null, null, null, null, "2026-11-30T10:00:00Z", "2026-11-30T10:00:00Z"));
    }

    @Test
    void limitIsOneTo500AndFiftyWhenAbsent() {
        assertEquals(50, PageLimit.read(null));
        assertEquals(1, PageLimit.read("1"));
        assertEquals(500, PageLimit.read(" 500 "));
        for (String bad : new String[] {"0", "501", "-1", "ten", "1.5"}) {
            assertNamed("limit", () -> PageLimit.read(bad));
        }
    }

    private static void assertNamed(String parameter, Runnable read) {
        ProblemException refused = assertThrows(ProblemException.class, read::run);
        assertEquals(400, refused.status());
        assertTrue(refused.detail().startsWith(parameter + " "), refused.detail());
    }
}
