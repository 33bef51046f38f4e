package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SignatureVerifier;
import io.bulwark.webhook.signature.SignedRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Verifies a delivery with the scheme its source is configured for. */
@ApplicationScoped
public class Signatures {

    private final Map<SignatureScheme, SignatureVerifier> verifiers = new EnumMap<>(SignatureScheme.class);
    private final Clock clock = Clock.systemUTC();

    @Inject
    @ConfigProperty(name = "webhook.tolerance-seconds", defaultValue = "300")
    long toleranceSeconds;

    @Inject
    @Any
    Instance<SignatureVerifier> available;

    @PostConstruct
    void indexByScheme() {
        available.forEach(verifier -> verifiers.put(verifier.scheme(), verifier));
        if (verifiers.size() != SignatureScheme.values().length) {
            throw new IllegalStateException("a signature scheme has no verifier: " + verifiers.keySet());
        }
    }

    /** The delivery id the signature headers carry, or empty when the scheme takes it from the body. */
    public Optional<String> verify(WebhookSource source, SignedRequest request) {
        return verifiers.get(source.scheme())
                .verify(request, source.keys(), clock.instant(), Duration.ofSeconds(toleranceSeconds));
    }
}
