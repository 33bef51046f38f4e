package io.bulwark.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Says once, at start, that there is no admin user when none is configured. That is a valid state (webhooks
 * are still received and applied; server-config/server.xml then defines no such user at all), so it is one
 * INFO line that says how to add one, not an error.
 */
@ApplicationScoped
public class UnsetAdminNotice {

    private static final Logger LOG = Logger.getLogger(UnsetAdminNotice.class.getName());

    @Inject
    AdminAccount admin;

    void applicationStarted(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!admin.configured()) {
            LOG.info("No admin user: the API's admin endpoints and the events console are closed. Set ADMIN_USER and "
                    + "ADMIN_PASSWORD (and READER_USER / READER_PASSWORD for read-only access) to open them; see docs/security.md");
        }
    }
}
