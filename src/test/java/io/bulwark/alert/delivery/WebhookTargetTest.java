package io.bulwark.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WebhookTargetTest {

    @Test
    void shownWithoutTheCredentialInItsPathOrQuery() {
        WebhookTarget target = WebhookTarget.parse("https://hooks.slack.com/services/T000/B000/XXXXSECRET?token=abc");

        assertEquals("https://hooks.slack.com/...", target.toString());
        assertEquals("http://127.0.0.1:8099/...", WebhookTarget.parse("http://127.0.0.1:8099/hook/SECRET").toString());
    }

    @Test
    void refusesWhatCannotBePostedToWithoutRepeatingIt() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> WebhookTarget.parse("ftp://user:SECRET@host/x"));
        assertEquals("ALERT_WEBHOOK_URL must be an http or https URL, not scheme 'ftp'", scheme.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WebhookTarget.parse("hooks.slack.com/services/SECRET"));
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> WebhookTarget.parse("https://hooks slack/SECRET"));
        assertFalse(syntax.getMessage().contains("SECRET"));
    }
}
