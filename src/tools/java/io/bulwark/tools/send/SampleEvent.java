package io.bulwark.tools.send;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The event sent when no file is given: a canonical {@code account.created} (or {@code --type}) for account
 * {@code acc_demo}, which a source with the canonical mapping applies, so the account can be read back at
 * {@code /api/accounts/acc_demo}.
 */
final class SampleEvent {

    static final String ACCOUNT = "acc_demo";
    static final String TYPE = "account.created";

    private SampleEvent() {
    }

    static byte[] body(String id, String type, Instant now) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + now.truncatedTo(ChronoUnit.MILLIS)
                + "\",\"data\":{\"account\":{\"id\":\"" + ACCOUNT + "\",\"name\":\"Demo account\",\"status\":\"active\","
                + "\"currency\":\"EUR\",\"balance\":\"0.00\"}}}").getBytes(StandardCharsets.UTF_8);
    }
}
