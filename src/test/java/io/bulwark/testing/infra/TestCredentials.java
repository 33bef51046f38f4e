package io.bulwark.testing.infra;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Secrets drawn for one test run: the admin login, the password of the server's generated keystore (HTTPS,
 * Admin Center) and one webhook source per signature scheme. The server gets them as Liberty variables, which
 * MicroProfile Config reads as it would environment variables.
 *
 * @param adminUser        the admin role's user
 * @param adminPassword    its password
 * @param standardSecret   secret of source {@code acme} (Standard Webhooks, {@code whsec_<base64>})
 * @param stripeSecret     secret of source {@code stripeco} (Stripe scheme)
 * @param githubSecret     secret of source {@code github} (GitHub scheme)
 * @param keystorePassword password of the default keystore Liberty creates for HTTPS
 * @param hmacSecret       the newer of the two secrets of source {@code shopify} (hmac scheme, Shopify's format)
 * @param hmacOldSecret    the older one, still accepted while the sender rotates
 * @param standardOldSecret a second Standard Webhooks secret, the older one of source {@code pay_ops}, which
 *                         rotates from it to {@link #standardSecret}
 * @param asymmetricKeys   the Ed25519 key pair of source {@code asymmetric} (Standard Webhooks {@code v1a}): the
 *                         server holds only its public key
 */
public record TestCredentials(String adminUser, String adminPassword, String standardSecret, String stripeSecret,
                              String githubSecret, String keystorePassword, String hmacSecret, String hmacOldSecret,
                              String standardOldSecret, KeyPair asymmetricKeys) {

    public static final String STANDARD_SOURCE = "acme";
    public static final String STRIPE_SOURCE = "stripeco";
    public static final String GITHUB_SOURCE = "github";
    public static final String UNSIGNED_SOURCE = "open";
    /**
     * A Standard Webhooks source configured under a name with an underscore, signed with {@code acme}'s secret
     * or, as it rotates, an older one: its canonical name is {@code pay-ops}.
     */
    public static final String SPELLED_SOURCE = "pay_ops";
    /** An hmac source signing as Shopify does: the base64 of an HMAC-SHA256 of the body, its id in a header. */
    public static final String HMAC_SOURCE = "shopify";
    public static final String HMAC_HEADER = "X-Shopify-Hmac-Sha256";
    public static final String HMAC_ID_HEADER = "X-Shopify-Webhook-Id";
    /**
     * An unsigned source read by a mapping of the tests' own ({@link #MAPPING_FILE}): {@code sale} maps to a
     * transaction whose amount is a JSON number (which the canonical envelope refuses), {@code crash} fails,
     * {@code good} maps to a valid transaction, and anything else to nothing.
     */
    public static final String MAPPED_SOURCE = "mapped";
    public static final Path MAPPING_FILE = Path.of("src/test/resources/mappings/test-mapping.jsonata").toAbsolutePath();
    /** A Standard Webhooks source that holds one public key and no symmetric one. */
    public static final String ASYMMETRIC_SOURCE = "asymmetric";

    private static final SecureRandom RANDOM = new SecureRandom();

    static TestCredentials random() {
        return new TestCredentials("it-admin", token(), "whsec_" + token(), "whsec_" + token(), token(), token(),
                "shpss_" + token(), "shpss_" + token(), "whsec_" + token(), ed25519KeyPair());
    }

    /** The public key of source {@code asymmetric} as configured: {@code whpk_} and the base64 of its raw 32 bytes. */
    public String asymmetricPublicKey() {
        byte[] encoded = asymmetricKeys.getPublic().getEncoded();
        return "whpk_" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    Map<String, String> serverVariables() {
        return Map.ofEntries(
                Map.entry("ADMIN_USER", adminUser),
                Map.entry("ADMIN_PASSWORD", adminPassword),
                Map.entry("KEYSTORE_PASSWORD", keystorePassword),
                Map.entry("webhook.sources." + STANDARD_SOURCE + ".secret", standardSecret),
                Map.entry("webhook.sources." + STRIPE_SOURCE + ".scheme", "stripe"),
                Map.entry("webhook.sources." + STRIPE_SOURCE + ".secret", stripeSecret),
                Map.entry("webhook.sources." + GITHUB_SOURCE + ".scheme", "github"),
                Map.entry("webhook.sources." + GITHUB_SOURCE + ".secret", githubSecret),
                Map.entry("webhook.sources." + UNSIGNED_SOURCE + ".scheme", "none"),
                Map.entry("webhook.sources." + SPELLED_SOURCE + ".secret", standardSecret + " " + standardOldSecret),
                Map.entry("webhook.sources." + HMAC_SOURCE + ".scheme", "hmac"),
                Map.entry("webhook.sources." + HMAC_SOURCE + ".secret", hmacSecret + " " + hmacOldSecret),
                Map.entry("webhook.sources." + HMAC_SOURCE + ".hmac.header", HMAC_HEADER),
                Map.entry("webhook.sources." + HMAC_SOURCE + ".hmac.encoding", "base64"),
                Map.entry("webhook.sources." + HMAC_SOURCE + ".hmac.id-header", HMAC_ID_HEADER),
                Map.entry("webhook.sources." + ASYMMETRIC_SOURCE + ".secret", asymmetricPublicKey()),
                Map.entry("webhook.sources." + MAPPED_SOURCE + ".scheme", "none"),
                Map.entry("webhook.sources." + MAPPED_SOURCE + ".mapping", MAPPING_FILE.toString()));
    }

    /** The same configuration as an operator sets it: environment variables (CONTRACT section 2). */
    Map<String, String> environmentVariables() {
        return Map.ofEntries(
                Map.entry("ADMIN_USER", adminUser),
                Map.entry("ADMIN_PASSWORD", adminPassword),
                Map.entry("KEYSTORE_PASSWORD", keystorePassword),
                Map.entry("WEBHOOK_SOURCES_ACME_SECRET", standardSecret),
                Map.entry("WEBHOOK_SOURCES_STRIPECO_SCHEME", "stripe"),
                Map.entry("WEBHOOK_SOURCES_STRIPECO_SECRET", stripeSecret),
                Map.entry("WEBHOOK_SOURCES_GITHUB_SCHEME", "github"),
                Map.entry("WEBHOOK_SOURCES_GITHUB_SECRET", githubSecret),
                Map.entry("WEBHOOK_SOURCES_OPEN_SCHEME", "none"),
                Map.entry("WEBHOOK_SOURCES_PAY_OPS_SECRET", standardSecret + " " + standardOldSecret),
                Map.entry("WEBHOOK_SOURCES_SHOPIFY_SCHEME", "hmac"),
                Map.entry("WEBHOOK_SOURCES_SHOPIFY_SECRET", hmacSecret + " " + hmacOldSecret),
                Map.entry("WEBHOOK_SOURCES_SHOPIFY_HMAC_HEADER", HMAC_HEADER),
                Map.entry("WEBHOOK_SOURCES_SHOPIFY_HMAC_ENCODING", "base64"),
                Map.entry("WEBHOOK_SOURCES_SHOPIFY_HMAC_ID_HEADER", HMAC_ID_HEADER),
                Map.entry("WEBHOOK_SOURCES_ASYMMETRIC_SECRET", asymmetricPublicKey()),
                Map.entry("WEBHOOK_SOURCES_MAPPED_SCHEME", "none"),
                Map.entry("WEBHOOK_SOURCES_MAPPED_MAPPING", MAPPING_FILE.toString()));
    }

    private static KeyPair ed25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java 15 and later provide Ed25519", e);
        }
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
