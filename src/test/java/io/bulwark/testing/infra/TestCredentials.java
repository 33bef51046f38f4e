package io.bulwark.testing.infra;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Secrets drawn for one test run: the admin login, the password of the server's generated keystore (HTTPS,
 * Admin Center) and one webhook source per signature scheme. The server gets them as Liberty variables, which
 * MicroProfile Config reads as it would environment variables.
 *
 * @param adminUser      the admin role's user
 * @param adminPassword  its password
 * @param standardSecret secret of source {@code acme} (Standard Webhooks, {@code whsec_<base64>})
 * @param stripeSecret   secret of source {@code stripeco} (Stripe scheme)
 * @param githubSecret   secret of source {@code github} (GitHub scheme)
 * @param keystorePassword password of the default keystore Liberty creates for HTTPS
 */
public record TestCredentials(String adminUser, String adminPassword, String standardSecret, String stripeSecret,
                              String githubSecret, String keystorePassword) {

    public static final String STANDARD_SOURCE = "acme";
    public static final String STRIPE_SOURCE = "stripeco";
    public static final String GITHUB_SOURCE = "github";
    public static final String UNSIGNED_SOURCE = "open";
    /**
     * A Standard Webhooks source configured under a name with an underscore, signed with {@code acme}'s secret:
     * its canonical name is {@code pay-ops}.
     */
    public static final String SPELLED_SOURCE = "pay_ops";

    private static final SecureRandom RANDOM = new SecureRandom();

    static TestCredentials random() {
        return new TestCredentials("it-admin", token(), "whsec_" + token(), "whsec_" + token(), token(), token());
    }

    Map<String, String> serverVariables() {
        return Map.of(
                "ADMIN_USER", adminUser,
                "ADMIN_PASSWORD", adminPassword,
                "KEYSTORE_PASSWORD", keystorePassword,
                "webhook.sources." + STANDARD_SOURCE + ".secret", standardSecret,
                "webhook.sources." + STRIPE_SOURCE + ".scheme", "stripe",
                "webhook.sources." + STRIPE_SOURCE + ".secret", stripeSecret,
                "webhook.sources." + GITHUB_SOURCE + ".scheme", "github",
                "webhook.sources." + GITHUB_SOURCE + ".secret", githubSecret,
                "webhook.sources." + UNSIGNED_SOURCE + ".scheme", "none",
                "webhook.sources." + SPELLED_SOURCE + ".secret", standardSecret);
    }

    /** The same configuration as an operator sets it: environment variables (CONTRACT section 2). */
    Map<String, String> environmentVariables() {
        return Map.of(
                "ADMIN_USER", adminUser,
                "ADMIN_PASSWORD", adminPassword,
                "KEYSTORE_PASSWORD", keystorePassword,
                "WEBHOOK_SOURCES_ACME_SECRET", standardSecret,
                "WEBHOOK_SOURCES_STRIPECO_SCHEME", "stripe",
                "WEBHOOK_SOURCES_STRIPECO_SECRET", stripeSecret,
                "WEBHOOK_SOURCES_GITHUB_SCHEME", "github",
                "WEBHOOK_SOURCES_GITHUB_SECRET", githubSecret,
                "WEBHOOK_SOURCES_OPEN_SCHEME", "none",
                "WEBHOOK_SOURCES_PAY_OPS_SECRET", standardSecret);
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
