package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSourcesTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aBadSourceStopsTheStartNamingEveryBadSettingButNoSecret() {
        WebhookSources sources = sources(MapConfig.ofEnvironment(Map.of(
                "WEBHOOK_SOURCES_ACME_SECRET", SECRET + " whsec_Not*Base64",
                "WEBHOOK_SOURCES_STRIPECO_SCHEME", "strype",
                "WEBHOOK_SOURCES_STRIPECO_SECRET", "whsec_stripe",
                "WEBHOOK_SOURCES_OPEN_SCHEME", "none")));

        IllegalStateException stopped = assertThrows(IllegalStateException.class, sources::checkEverySource);

        assertTrue(stopped.getMessage().contains("WEBHOOK_SOURCES_ACME_SECRET"), stopped.getMessage());
        assertTrue(stopped.getMessage().contains("WEBHOOK_SOURCES_STRIPECO_SCHEME"), stopped.getMessage());
        assertFalse(stopped.getMessage().contains("OPEN"), stopped.getMessage());
        assertFalse(stopped.getMessage().contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), stopped.getMessage());
        assertFalse(stopped.getMessage().contains("Not*Base64"), stopped.getMessage());
    }

    @Test
    void findsAConfiguredSourceByItsNameInAnyCaseAndNothingElse() {
        WebhookSources sources = started(MapConfig.ofEnvironment(Map.of(
                "WEBHOOK_SOURCES_ACME_SECRET", SECRET, "WEBHOOK_SOURCES_OPEN_SCHEME", "none")));

        WebhookSource acme = sources.find("ACME").orElseThrow();
        assertEquals("acme", acme.name());
        assertEquals(SignatureScheme.STANDARD, acme.scheme());
        assertEquals(SignatureScheme.NONE, sources.find("open").orElseThrow().scheme());
        assertEquals(SigningKeys.NONE, sources.find("open").orElseThrow().keys());
        assertEquals(Optional.empty(), sources.find("nobody"));
        assertEquals(Optional.empty(), sources.find("ac.me"));
        assertEquals(Optional.empty(), sources.find("a".repeat(65)));
    }

    @Test
    void everySpellingOfANameReachesOneSourceKnownByItsCanonicalName() {
        WebhookSources sources = started(MapConfig.ofEnvironment(Map.of("WEBHOOK_SOURCES_PAY_OPS_SECRET", SECRET)));

        for (String spelling : new String[] {"pay_ops", "pay-ops", "PAY_OPS", "Pay-Ops"}) {
            WebhookSource source = sources.find(spelling).orElseThrow();
            assertEquals("pay-ops", source.name(), spelling);
            assertEquals("pay-ops", source.ledger(), spelling);
        }
        assertEquals(Optional.empty(), sources.find("payops"));
        assertEquals(Optional.empty(), sources.find("pay.ops"));
    }

    @Test
    void settingsAreReadOnceAtStart() {
        MapConfig config = MapConfig.ofEnvironment(Map.of("WEBHOOK_SOURCES_ACME_SECRET", SECRET));
        WebhookSources sources = started(config);

        config.environment.put("WEBHOOK_SOURCES_ACME_SCHEME", "github");
        config.environment.put("WEBHOOK_SOURCES_LATE_SCHEME", "none");

        assertEquals(SignatureScheme.STANDARD, sources.find("acme").orElseThrow().scheme());
        assertEquals(Optional.empty(), sources.find("late"));
    }

    private static WebhookSources started(MapConfig config) {
        WebhookSources sources = sources(config);
        sources.checkEverySource();
        return sources;
    }

    private static WebhookSources sources(MapConfig config) {
        WebhookSources sources = new WebhookSources();
        sources.config = config;
        return sources;
    }
}
