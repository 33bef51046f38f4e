package io.bulwark.webhook;

import io.bulwark.webhook.signature.GithubSignatureVerifier;
import io.bulwark.webhook.signature.SignatureScheme;
import io.bulwark.webhook.signature.SignatureVerifier;
import io.bulwark.webhook.signature.SignedRequest;
import io.bulwark.webhook.signature.StandardWebhooksVerifier;
import io.bulwark.webhook.signature.StripeSignatureVerifier;
import io.bulwark.webhook.signature.UnsignedVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Verifies a delivery with the scheme its source is configured for. */
@ApplicationScoped
public class Signatures {

    private final Map<SignatureScheme, SignatureVerifier> verifiers = new EnumMap<>(SignatureScheme.class);
    private final Clock clock = Clock.systemUTC();

    @Inject
    @ConfigProperty(name = "webhook.tolerance-seconds", defaultValue = "300")
    long toleranceSeconds;

    public Signatures() {
        Stream.of(new StandardWebhooksVerifier(), new StripeSignatureVerifier(), new GithubSignatureVerifier(),
                new UnsignedVerifier()).forEach(verifier -> verifiers.put(verifier.scheme(), verifier));
    }

    /** The delivery id the signature headers carry, or empty when the scheme takes it from the body. */
    public Optional<String> verify(WebhookSource source, SignedRequest request) {
        return verifiers.get(source.scheme())
                .verify(request, source.secret(), clock.instant(), Duration.ofSeconds(toleranceSeconds));
    }
}
