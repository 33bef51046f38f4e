package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Looks a source up by name in MicroProfile Config on every request, so that adding a source is a matter
 * of setting {@code WEBHOOK_SOURCES_<NAME>_SECRET} (and optionally {@code _SCHEME}), never of code. A source
 * exists when its secret is set, or when its scheme is explicitly {@code none}.
 */
@ApplicationScoped
public class WebhookSources {

    private static final Logger LOG = Logger.getLogger(WebhookSources.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    Config config;

    /** The source of that name (case-insensitive), or empty when no such source is configured. */
    public Optional<WebhookSource> find(String requestedName) {
        if (requestedName == null || !NAME.matcher(requestedName).matches()) {
            return Optional.empty();
        }
        String name = requestedName.toLowerCase(Locale.ROOT);
        String prefix = "webhook.sources." + name + ".";
        Optional<String> configuredScheme = config.getOptionalValue(prefix + "scheme", String.class);
        SignatureScheme scheme = configuredScheme.map(SignatureScheme::parse).orElse(SignatureScheme.STANDARD);
        if (scheme == null) {
            LOG.log(Level.WARNING, "Webhook source {0} has an unknown scheme; it receives nothing until fixed", name);
            return Optional.empty();
        }
        if (scheme == SignatureScheme.NONE) {
            return Optional.of(new WebhookSource(name, scheme, SigningKeys.NONE));
        }
        return config.getOptionalValue(prefix + "secret", String.class)
                .filter(secret -> !secret.isBlank())
                .map(secret -> new WebhookSource(name, scheme, SigningKeys.of(scheme, secret)));
    }
}
