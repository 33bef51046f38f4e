package io.bulwark.webhook.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much a delivery may send and how long it may take: {@code webhook.max-body-bytes} (bodies above are
 * answered 413), {@code webhook.read-timeout} (the whole body must arrive within it, else 408) and
 * {@code webhook.retry-after-seconds} (what an overloaded answer tells the sender to wait).
 */
@ApplicationScoped
public class IntakeSettings {

    @Inject
    @ConfigProperty(name = "webhook.max-body-bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "webhook.read-timeout", defaultValue = "PT10S")
    Duration readTimeout;

    @Inject
    @ConfigProperty(name = "webhook.retry-after-seconds", defaultValue = "5")
    int retryAfterSeconds;

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
