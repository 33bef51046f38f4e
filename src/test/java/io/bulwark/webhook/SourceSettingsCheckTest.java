package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.webhook.signature.SignatureScheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceSettingsCheckTest {

    private static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NOT_BASE64 = "whsec_Not*Base64*Secret";

    // RFC 8032's first test public key.
    private static final String PUBLIC_KEY = "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    private static final String HMAC_SECRETS = "shpss_new_9f86d081 shpss_old_60303ae2";

    /** The sources the integration tests configure, as an operator sets them. */
    private static final Map<String, String> GOOD = Map.ofEntries(
            Map.entry("WEBHOOK_SOURCES_ACME_SECRET", STANDARD_SECRET),
            Map.entry("WEBHOOK_SOURCES_STRIPECO_SCHEME", "stripe"),
            Map.entry("WEBHOOK_SOURCES_STRIPECO_SECRET", "whsec_stripe"),
            Map.entry("WEBHOOK_SOURCES_GITHUB_SCHEME", "github"),
            Map.entry("WEBHOOK_SOURCES_GITHUB_SECRET", "It's a Secret to Everybody"),
            Map.entry("WEBHOOK_SOURCES_OPEN_SCHEME", "none"),
            Map.entry("WEBHOOK_SOURCES_SHOPIFY_SCHEME", "hmac"),
            Map.entry("WEBHOOK_SOURCES_SHOPIFY_SECRET", HMAC_SECRETS),
            Map.entry("WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER", "X-Shopify-Hmac-Sha256"),
            Map.entry("WEBHOOK_SOURCES_SHOPIFY_HMAC_ENCODING", "base64"),
            Map.entry("WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER", "X-Shopify-Webhook-Id"),
            Map.entry("WEBHOOK_SOURCES_ASYMMETRIC_SECRET", PUBLIC_KEY),
            Map.entry("WEBHOOK_GROUP_MAX_SIZE", "64"),
            Map.entry("PATH", "/usr/bin"));

    @Test
    void findsNothingWrongWithWellConfiguredSources() {
        SourceSettingsCheck check = SourceSettingsCheck.of(MapConfig.ofEnvironment(GOOD));

        assertEquals(List.of(), check.problems());
        assertEquals(Set.of(SignatureScheme.STANDARD, SignatureScheme.STRIPE, SignatureScheme.GITHUB, SignatureScheme.HMAC,
                SignatureScheme.NONE), Set.copyOf(check.sources().values().stream().map(WebhookSource::scheme).toList()));
    }

    @Test
    void identifiesAnHmacSourceByBodyOnlyWhenItsDeliveryIdComesFromAHeader() {
        Map<String, String> environment = new HashMap<>(GOOD);
        environment.put("WEBHOOK_SOURCES_PLAIN_SCHEME", "hmac");
        environment.put("WEBHOOK_SOURCES_PLAIN_SECRET", HMAC_SECRETS);
        environment.put("WEBHOOK_SOURCES_PLAIN_HMAC_HEADER", "X-Signature");

        Map<String, WebhookSource> sources = SourceSettingsCheck.of(MapConfig.ofEnvironment(environment)).sources();

        assertTrue(sources.get("shopify").identifiesByBody());
        assertFalse(sources.get("plain").identifiesByBody());
        assertTrue(sources.get("github").identifiesByBody());
        assertFalse(sources.get("acme").identifiesByBody());
    }

    @Test
    void takesHmacSettingsConfiguredAsProperties() {
        MapConfig config = new MapConfig();
        config.properties.put("webhook.sources.shop.scheme", "HMAC");
        config.properties.put("webhook.sources.shop.secret", HMAC_SECRETS);
        config.properties.put("webhook.sources.shop.hmac.header", "X-Signature");
        config.properties.put("webhook.sources.shop.hmac.algorithm", "SHA512");
        config.properties.put("webhook.sources.shop.hmac.encoding", "Hex");
        config.properties.put("webhook.sources.shop.hmac.prefix", "v1=");
        config.properties.put("webhook.sources.shop.hmac.timestamp-header", "X-Timestamp");
        config.properties.put("webhook.sources.shop.hmac.id-header", "X-Delivery");

        SourceSettingsCheck check = SourceSettingsCheck.of(config);

        assertEquals(List.of(), check.problems());
        assertEquals(SignatureScheme.HMAC, check.sources().get("shop").scheme());
    }

    @Test
    void takesTheDottedNameUnderWhichLibertyAlsoListsAnHmacEnvironmentVariable() {
        Map<String, String> environment = new HashMap<>(GOOD);
        environment.put("webhook.sources.shopify.hmac.id.header", GOOD.get("WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER"));
        environment.put("webhook.sources.shopify.hmac.header", GOOD.get("WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER"));

        SourceSettingsCheck check = SourceSettingsCheck.of(MapConfig.ofEnvironment(environment));

        assertEquals(List.of(), check.problems());
        assertTrue(check.sources().get("shopify").identifiesByBody());
    }

    @Test
    void namesAnHmacSettingWrittenUnderANameThatIsNeverRead() {
        MapConfig config = new MapConfig();
        config.properties.put("webhook.sources.shop.scheme", "hmac");
        config.properties.put("webhook.sources.shop.secret", HMAC_SECRETS);
        config.properties.put("webhook.sources.shop.hmac.header", "X-Signature");
        config.properties.put("webhook.sources.shop.hmac-timestamp-header", "X-Timestamp");

        assertEquals(List.of("webhook source 'shop': webhook.sources.shop.hmac-timestamp-header is never read: this source's setting is "
                + "webhook.sources.shop.hmac.timestamp-header, as an environment variable WEBHOOK_SOURCES_SHOP_HMAC_TIMESTAMP_HEADER"),
                SourceSettingsCheck.of(config).problems());
    }

    @Test
    void namesAnHmacSourceWithoutItsSignatureHeader() {
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER is required by the hmac scheme: "
                + "it names the header that carries the signature"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER", null));
    }

    @Test
    void namesAnUnknownHmacAlgorithmOrEncoding() {
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_ALGORITHM is not a known HMAC algorithm "
                + "(sha1, sha256, sha512)"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_ALGORITHM", "md5"));
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_ALGORITHM is not a known HMAC algorithm "
                + "(sha1, sha256, sha512)"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_ALGORITHM", "sha-256"));
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_ENCODING is not a known encoding "
                + "(hex, base64)"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_ENCODING", "base64url"));
    }

    @Test
    void namesAHeaderSettingThatIsNotAHeaderName() {
        for (String setting : List.of("HMAC_HEADER", "HMAC_TIMESTAMP_HEADER", "HMAC_ID_HEADER")) {
            for (String notAName : List.of("X-Shopify-Hmac-Sha256:", "X Signature", "X-Signature\r\nX-Admin: yes")) {
                assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_" + setting + " is not a header name: "
                        + "a header name is letters, digits and !#$%&'*+-.^_`|~"), problems("WEBHOOK_SOURCES_SHOPIFY_" + setting, notAName));
            }
        }
    }

    @Test
    void namesAPrefixThatCannotBeginAHeaderValue() {
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_PREFIX cannot begin a header value: a prefix is "
                + "printable ASCII without spaces"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_PREFIX", "sha256 ="));
        assertEquals(List.of(), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_PREFIX", " sha256= "));
    }

    @Test
    void namesTwoHmacSettingsThatNameOneHeader() {
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER names the same header as "
                + "WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER", "x-shopify-hmac-sha256"));
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_TIMESTAMP_HEADER names the same header as "
                + "WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER"), problems("WEBHOOK_SOURCES_SHOPIFY_HMAC_TIMESTAMP_HEADER", "X-Shopify-Hmac-Sha256"));
        assertEquals(List.of("webhook source 'shopify': WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER names the same header as "
                + "WEBHOOK_SOURCES_SHOPIFY_HMAC_TIMESTAMP_HEADER"), problems(Map.of(
                "WEBHOOK_SOURCES_SHOPIFY_HMAC_TIMESTAMP_HEADER", "X-Shopify-Webhook-Id")));
    }

    @Test
    void namesAnHmacSettingOfASourceOfAnotherScheme() {
        assertEquals(List.of("webhook source 'acme': WEBHOOK_SOURCES_ACME_HMAC_HEADER is read only by the hmac scheme, and this "
                + "source's scheme is standard (the default)"), problems("WEBHOOK_SOURCES_ACME_HMAC_HEADER", "X-Signature"));
        assertEquals(List.of("webhook source 'stripeco': WEBHOOK_SOURCES_STRIPECO_HMAC_ENCODING is read only by the hmac scheme, and "
                + "this source's scheme is stripe"), problems("WEBHOOK_SOURCES_STRIPECO_HMAC_ENCODING", "hex"));
        assertEquals(List.of("webhook source 'open': WEBHOOK_SOURCES_OPEN_HMAC_ID_HEADER is read only by the hmac scheme, and "
                + "this source's scheme is none"), problems("WEBHOOK_SOURCES_OPEN_HMAC_ID_HEADER", "X-Delivery"));
    }

    @Test
    void namesAStandardSecretThatIsAPrivateKeyOrAPublicKeyOfTheWrongLength() {
        assertEquals(List.of("webhook source 'asymmetric': WEBHOOK_SOURCES_ASYMMETRIC_SECRET cannot be used for the standard scheme: "
                + "secret 2 of 2 is a whsk_ private key, which only the sender may hold: configure its whpk_ public key instead"),
                problems("WEBHOOK_SOURCES_ASYMMETRIC_SECRET", PUBLIC_KEY + " whsk_nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="));
        assertEquals(List.of("webhook source 'asymmetric': WEBHOOK_SOURCES_ASYMMETRIC_SECRET cannot be used for the standard scheme: "
                + "the secret decodes to 31 bytes; an Ed25519 public key has 32"),
                problems("WEBHOOK_SOURCES_ASYMMETRIC_SECRET", "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ=="));
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
                + "(standard, stripe, github, hmac, none)"), problems("WEBHOOK_SOURCES_STRIPECO_SCHEME", "hmac-sha1"));
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
        environment.put("WEBHOOK_SOURCES_SHOPIFY_HMAC_ALGORITHM", "md5");
        environment.put("WEBHOOK_SOURCES_ASYMMETRIC_SECRET", PUBLIC_KEY + " whsk_c2hvcnQ=");

        List<String> problems = SourceSettingsCheck.of(MapConfig.ofEnvironment(environment)).problems();

        assertEquals(6, problems.size(), problems::toString);
        for (String secret : List.of(NOT_BASE64, "Not*Base64*Secret", STANDARD_SECRET, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "c2hvcnQ=", "strype",
                "shpss_new_9f86d081", "shpss_old_60303ae2", "11qYAYKxCrfVS")) {
            assertFalse(problems.toString().contains(secret), secret);
        }
    }

    /** The problems of the integration tests' sources with that one variable set, or removed when null. */
    private static List<String> problems(String variable, String value) {
        Map<String, String> changed = new HashMap<>();
        changed.put(variable, value);
        return problems(changed);
    }

    /** The problems of the integration tests' sources with these variables set, or removed when null. */
    private static List<String> problems(Map<String, String> changed) {
        Map<String, String> environment = new HashMap<>(GOOD);
        changed.forEach((variable, value) -> {
            environment.remove(variable);
            if (value != null) {
                environment.put(variable, value);
            }
        });
        return SourceSettingsCheck.of(MapConfig.ofEnvironment(environment)).problems();
    }
}
