package io.bulwark.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Says once, at start, that there is no admin user when none is configured. That is a valid state (webhooks
 * are still received and applied; server-config/server.xml then defines no such user at all), so it is one
 * INFO line that says how to add one, not an error.
 */
@ApplicationScoped
public class UnsetAdminNotice {

    private static final Logger LOG = Logger.getLogger(UnsetAdminNotice.class.getName());

    @Inject
    @ConfigProperty(name = "ADMIN_USER")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "ADMIN_PASSWORD")
    Optional<String> password;

    void applicationStarted(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (user.filter(name -> !name.isBlank()).isEmpty() || password.filter(secret -> !secret.isBlank()).isEmpty()) {
            LOG.info("No admin user: the API's admin endpoints and the events console are closed. Set ADMIN_USER and "
                    + "ADMIN_PASSWORD (and READER_USER / READER_PASSWORD for read-only access) to open them; see docs/security.md");
        }
    }
}
