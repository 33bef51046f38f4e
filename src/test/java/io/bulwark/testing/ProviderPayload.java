package io.bulwark.testing;

import io.bulwark.webhook.signature.SignatureScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One provider's example payload vendored under {@code src/test/resources/providers/} ({@code SOURCES.md} there
 * says where it came from and under which licence).
 *
 * @param provider who sends it, and so how it is signed
 * @param name     its file name without {@code .json}, unique within the provider
 * @param event    what the provider calls the event: for GitHub the {@code X-GitHub-Event} header it is delivered
 *                 with (the body does not say); for Stripe and Standard Webhooks the body's {@code type}
 */
public record ProviderPayload(Provider provider, String name, String event) {

    /** The senders whose payloads are vendored. */
    public enum Provider {
        GITHUB("github", SignatureScheme.GITHUB),
        STRIPE("stripe", SignatureScheme.STRIPE),
        STANDARD("standard", SignatureScheme.STANDARD);

        private final String directory;
        private final SignatureScheme scheme;

        Provider(String directory, SignatureScheme scheme) {
            this.directory = directory;
            this.scheme = scheme;
        }

        /** The folder under {@code providers/} that holds this provider's payloads. */
        public String directory() {
            return directory;
        }

        /** The scheme a source receiving this provider's deliveries is configured with. */
        public SignatureScheme scheme() {
            return scheme;
        }
    }

    /** {@code provider/name}, as tests name their cases. */
    @Override
    public String toString() {
        return provider.directory() + "/" + name;
    }

    /** The classpath resource holding the payload. */
    public String resource() {
        return "providers/" + provider.directory() + "/" + name + ".json";
    }

    /**
     * The payload exactly as the file holds it, which is the body to sign and send: never parse and re-serialise
     * it, or the signature no longer covers what is sent. A fresh copy on every call.
     *
     * @throws IllegalStateException when the resource is not on the classpath (the server's deployment does not
     *                               carry the test resources: read payloads in the test JVM)
     */
    public byte[] body() {
        try (InputStream in = ProviderPayload.class.getClassLoader().getResourceAsStream(resource())) {
            if (in == null) {
                throw new IllegalStateException(resource() + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body decoded as UTF-8, for libraries that take the payload as a string. */
    public String text() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * The headers that name the event, to send along with the signature headers: {@code X-GitHub-Event} for
     * GitHub; none for Stripe and Standard Webhooks, whose bodies name it.
     */
    public Map<String, String> eventHeaders() {
        return provider == Provider.GITHUB ? Map.of("X-GitHub-Event", event) : Map.of();
    }
}
