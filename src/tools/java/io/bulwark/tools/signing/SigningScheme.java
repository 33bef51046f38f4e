package io.bulwark.tools.signing;

import java.util.Locale;

/** The schemes a Bulwark source can be configured with (WEBHOOK_SOURCES_&lt;NAME&gt;_SCHEME). */
public enum SigningScheme {
    STANDARD,
    STRIPE,
    GITHUB,
    HMAC,
    NONE;

    /**
     * @throws IllegalArgumentException listing the schemes there are
     */
    public static SigningScheme parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scheme '" + name + "': use standard, stripe, github, hmac or none");
        }
    }

    /**
     * The signer for a source of this scheme.
     *
     * @param hmac only for {@link #HMAC}; ignored otherwise
     * @throws IllegalArgumentException when a scheme that signs has no secret
     */
    public DeliverySigner signer(String secret, HmacSigner.Format hmac) {
        if (this != NONE && (secret == null || secret.isBlank())) {
            throw new IllegalArgumentException("scheme " + name().toLowerCase(Locale.ROOT) + " needs the source's secret");
        }
        return switch (this) {
            case STANDARD -> new StandardWebhooksSigner(secret.strip());
            case STRIPE -> new StripeSigner(secret.strip());
            case GITHUB -> new GithubSigner(secret.strip());
            case HMAC -> new HmacSigner(secret.strip(), hmac);
            case NONE -> new UnsignedSigner();
        };
    }
}
