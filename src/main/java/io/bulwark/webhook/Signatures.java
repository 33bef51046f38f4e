package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Verifies a delivery the way its source signs, against its source's keys, now, within the configured tolerance. */
@ApplicationScoped
public class Signatures {

    private final Clock clock = Clock.systemUTC();

    @Inject
    @ConfigProperty(name = "webhook.tolerance-seconds", defaultValue = "300")
    long toleranceSeconds;

    /** The delivery id the signature headers carry, or empty when the source takes it from the body. */
    public Optional<String> verify(WebhookSource source, SignedRequest request) {
        return source.verifier().verify(request, source.keys(), clock.instant(), Duration.ofSeconds(toleranceSeconds));
    }
}
