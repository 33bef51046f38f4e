package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bulwark.webhook.signature.SignatureScheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceSettingsCheckTest {

    private static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NOT_BASE64 = "whsec_Not*Base64*Secret";

    /** The sources the integration tests configure, as an operator sets them. */
    private static final Map<String, String> GOOD = Map.of(
            "WEBHOOK_SOURCES_ACME_SECRET", STANDARD_SECRET,
            "WEBHOOK_SOURCES_STRIPECO_SCHEME", "stripe",
            "WEBHOOK_SOURCES_STRIPECO_SECRET", "whsec_stripe",
            "WEBHOOK_SOURCES_GITHUB_SCHEME", "github",
            "WEBHOOK_SOURCES_GITHUB_SECRET", "It's a Secret to Everybody",
            "WEBHOOK_SOURCES_OPEN_SCHEME", "none",
            "WEBHOOK_GROUP_MAX_SIZE", "64",
            "PATH", "/usr/bin");

    @Test
    void findsNothingWrongWithWellConfiguredSources() {
        SourceSettingsCheck check = SourceSettingsCheck.of(MapConfig.ofEnvironment(GOOD));

        assertEquals(List.of(), check.problems());
        assertEquals(Set.of(SignatureScheme.STANDARD, SignatureScheme.STRIPE, SignatureScheme.GITHUB, SignatureScheme.NONE),
                Set.copyOf(check.sources().values().stream().map(WebhookSource::scheme).toList()));
    }

    @Test
    void takesSourcesConfiguredAsPropertiesAndSecretsBeingRotated() {
        MapConfig config = new MapConfig();
        config.properties.put("webhook.sources.acme.secret", STANDARD_SECRET + " whsec_c2Vjb25kIGtleSBvZiAyNCBieXRlcyBsb25nIQ==");
        config.properties.put("webhook.sources.my-source.scheme", "GitHub");
        config.properties.put("webhook.sources.my-source.secret", "old-secret\nnew-secret");

        assertEquals(List.of(), SourceSettingsCheck.of(config).problems());
    }

    @Test
    void namesAStandardSecretThatIsNotBase64() {
        assertEquals(List.of("webhook source 'acme': WEBHOOK_SOURCES_ACME_SECRET cannot be used for the standard scheme: "
                + "the secret is not base64 (after an optional whsec_ prefix)"), problems("WEBHOOK_SOURCES_ACME_SECRET", NOT_BASE64));
    }

    @Test
    void namesWhichSecretOfARotationIsNotBase64() {
        assertEquals(List.of("webhook source 'acme': WEBHOOK_SOURCES_ACME_SECRET cannot be used for the standard scheme: "
                        + "secret 2 of 2 is not base64 (after an optional whsec_ prefix)"),
                problems("WEBHOOK_SOURCES_ACME_SECRET", STANDARD_SECRET + " " + NOT_BASE64));
    }

    @Test
    void namesAnUnknownScheme() {
        assertEquals(List.of("webhook source 'stripeco': WEBHOOK_SOURCES_STRIPECO_SCHEME is not a known scheme "
                + "(standard, stripe, github, none)"), problems("WEBHOOK_SOURCES_STRIPECO_SCHEME", "hmac-sha1"));
    }

    @Test
    void namesASourceNameThatCannotBeUsed() {
        String tooLong = "A".repeat(65);

        assertEquals(List.of("webhook source '" + tooLong.toLowerCase() + "': WEBHOOK_SOURCES_" + tooLong + "_SECRET cannot be used: "
                + "a source name is 1 to 64 letters, digits, '-' or '_'"), problems("WEBHOOK_SOURCES_" + tooLong + "_SECRET", STANDARD_SECRET));
        assertEquals(List.of("webhook source 'ac.me': webhook.sources.ac.me.scheme cannot be used: "
                + "a source name is 1 to 64 letters, digits, '-' or '_'"), problems("webhook.sources.ac.me.scheme", "none"));
        assertEquals(List.of("webhook source '': WEBHOOK_SOURCES_SECRET cannot be used: "
                + "a source name is 1 to 64 letters, digits, '-' or '_'"), problems("WEBHOOK_SOURCES_SECRET", STANDARD_SECRET));
    }

    @Test
    void namesASettingThatNoRequestEverReads() {
        assertEquals(List.of("webhook source 'other': WEBHOOK_SOURCES_Other_SECRET is never read: this source's setting is "
                + "webhook.sources.other.secret, as an environment variable WEBHOOK_SOURCES_OTHER_SECRET"),
                problems("WEBHOOK_SOURCES_Other_SECRET", STANDARD_SECRET));
        assertEquals(List.of("webhook source 'other': webhook.sources.Other.secret is never read: this source's setting is "
                + "webhook.sources.other.secret, as an environment variable WEBHOOK_SOURCES_OTHER_SECRET"),
                problems("webhook.sources.Other.secret", STANDARD_SECRET));
        assertEquals(List.of("webhook source 'my-source': WEBHOOK_SOURCES_MY-SOURCE_SCHEME is never read: this source's setting is "
                + "webhook.sources.my-source.scheme, as an environment variable WEBHOOK_SOURCES_MY_SOURCE_SCHEME"),
                problems("WEBHOOK_SOURCES_MY-SOURCE_SCHEME", "none"));
    }

    @Test
    void namesALedgerThatCannotBeUsed() {
        assertEquals(List.of("webhook source 'acme': WEBHOOK_SOURCES_ACME_LEDGER cannot name a ledger: a ledger name is "
                + "1 to 64 letters, digits, '-' or '_'"), problems("WEBHOOK_SOURCES_ACME_LEDGER", "pay ops"));
    }

    @Test
    void givesEachSourceItsOwnLedgerUnlessOneIsConfigured() {
        Map<String, String> environment = new HashMap<>(GOOD);
        environment.put("WEBHOOK_SOURCES_STRIPECO_LEDGER", "Pay_Ops");

        Map<String, WebhookSource> sources = SourceSettingsCheck.of(MapConfig.ofEnvironment(environment)).sources();

        assertEquals("acme", sources.get("acme").ledger());
        assertEquals("pay-ops", sources.get("stripeco").ledger());
    }

    @Test
    void takesEverySpellingOfANameAsOneSourceUnderItsCanonicalName() {
        MapConfig config = MapConfig.ofEnvironment(Map.of("WEBHOOK_SOURCES_PAY_OPS_SECRET", STANDARD_SECRET));
        config.properties.put("webhook.sources.Pay-Ops.scheme", "standard");
        config.properties.put("webhook.sources.pay-ops.ledger", "treasury");

        SourceSettingsCheck check = SourceSettingsCheck.of(config);

        assertEquals(List.of("webhook source 'pay-ops': webhook.sources.Pay-Ops.scheme is never read: this source's setting is "
                + "webhook.sources.pay-ops.scheme, as an environment variable WEBHOOK_SOURCES_PAY_OPS_SCHEME"), check.problems());
        config.properties.remove("webhook.sources.Pay-Ops.scheme");
        WebhookSource payOps = SourceSettingsCheck.of(config).sources().get("pay-ops");
        assertEquals(SignatureScheme.STANDARD, payOps.scheme());
        assertEquals("treasury", payOps.ledger());
    }

    @Test
    void takesNoNameFromTheDottedPropertyNameLibertyListsAnEnvironmentVariableUnderToo() {
        MapConfig config = MapConfig.ofEnvironment(Map.of("WEBHOOK_SOURCES_PAY_OPS_SECRET", STANDARD_SECRET,
                "WEBHOOK_SOURCES_ACME_SECRET", STANDARD_SECRET));
        config.properties.put("webhook.sources.pay.ops.secret", STANDARD_SECRET);
        config.properties.put("webhook.sources.acme.secret", STANDARD_SECRET);

        SourceSettingsCheck check = SourceSettingsCheck.of(config);

        assertEquals(List.of(), check.problems());
        assertEquals(Set.of("pay-ops", "acme"), check.sources().keySet());
    }

    @Test
    void namesTwoSpellingsThatSetOneSettingDifferently() {
        MapConfig config = new MapConfig();
        config.properties.put("webhook.sources.pay-ops.secret", STANDARD_SECRET);
        config.properties.put("webhook.sources.pay_ops.secret", "whsec_c2Vjb25kIGtleSBvZiAyNCBieXRlcyBsb25nIQ==");

        assertEquals(List.of("webhook source 'pay-ops': webhook.sources.pay-ops.secret / webhook.sources.pay_ops.secret set "
                + "different values for one source: pay-ops, pay_ops are spellings of one name"), SourceSettingsCheck.of(config).problems());
        config.properties.put("webhook.sources.pay_ops.secret", STANDARD_SECRET);
        assertEquals(List.of(), SourceSettingsCheck.of(config).problems());
    }

    @Test
    void namesASignedSourceWithoutASecret() {
        assertEquals(List.of("webhook source 'github': has no secret, which only a source of scheme none may lack: "
                + "set WEBHOOK_SOURCES_GITHUB_SECRET"), problems("WEBHOOK_SOURCES_GITHUB_SECRET", null));
        assertEquals(List.of("webhook source 'acme': has no secret, which only a source of scheme none may lack: "
                + "WEBHOOK_SOURCES_ACME_SECRET is empty"), problems("WEBHOOK_SOURCES_ACME_SECRET", ""));
        assertEquals(List.of("webhook source 'acme': WEBHOOK_SOURCES_ACME_SECRET cannot be used for the standard scheme: "
                + "it is blank"), problems("WEBHOOK_SOURCES_ACME_SECRET", " \t"));
    }

    @Test
    void reportsEveryBadSourceAndNeverASecret() {
        Map<String, String> environment = new HashMap<>(GOOD);
        environment.put("WEBHOOK_SOURCES_ACME_SECRET", NOT_BASE64);
        environment.put("WEBHOOK_SOURCES_STRIPECO_SCHEME", "strype");
        environment.put("WEBHOOK_SOURCES_ROTATING_SECRET", STANDARD_SECRET + " whsec_c2hvcnQ=");
        environment.put("WEBHOOK_SOURCES_" + "B".repeat(65) + "_SECRET", STANDARD_SECRET);

        List<String> problems = SourceSettingsCheck.of(MapConfig.ofEnvironment(environment)).problems();

        assertEquals(4, problems.size(), problems::toString);
        for (String secret : List.of(NOT_BASE64, "Not*Base64*Secret", STANDARD_SECRET, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "c2hvcnQ=", "strype")) {
            assertFalse(problems.toString().contains(secret), secret);
        }
    }

    /** The problems of the integration tests' sources with that one variable set, or removed when null. */
    private static List<String> problems(String variable, String value) {
        Map<String, String> environment = new HashMap<>(GOOD);
        environment.remove(variable);
        if (value != null) {
            environment.put(variable, value);
        }
        return SourceSettingsCheck.of(MapConfig.ofEnvironment(environment)).problems();
    }
}
