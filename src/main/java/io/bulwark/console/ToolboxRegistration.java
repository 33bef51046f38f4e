package io.bulwark.console;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the events console into Liberty Admin Center ({@link ToolboxPlacement}) at every start, so that no
 * operator has to add it by hand and a server with a fresh output directory (a new container) has it too.
 *
 * <p>It goes through Admin Center's own REST API over HTTPS, which opens only once the server has its keystore
 * and its HTTPS port, possibly after this application started: attempts are repeated every
 * {@code console.toolbox.retry-interval}, at most {@code console.toolbox.max-attempts} times, on a managed
 * scheduler, never holding up the start. An admin that Admin Center refuses ends the attempts with a warning.
 * {@code console.toolbox.enabled=false} turns it off.
 */
@ApplicationScoped
public class ToolboxRegistration {

    private static final Logger LOG = Logger.getLogger(ToolboxRegistration.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    AdminCenterClient adminCenter;

    @Inject
    ToolboxPlacement placement;

    @Inject
    @ConfigProperty(name = "console.toolbox.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "console.toolbox.retry-interval", defaultValue = "PT5S")
    Duration retryInterval;

    @Inject
    @ConfigProperty(name = "console.toolbox.max-attempts", defaultValue = "60")
    int maxAttempts;

    private volatile ScheduledFuture<?> next;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!enabled) {
            return;
        }
        if (!adminCenter.hasAdmin()) {
            LOG.fine("The events console is not added to Admin Center's toolbox: there is no admin user");
            return;
        }
        schedule(1, Duration.ZERO);
    }

    private void schedule(int attempt, Duration delay) {
        next = scheduler.schedule(() -> attempt(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(int attempt) {
        try {
            placement.place();
            LOG.log(Level.INFO, "The events console is in the Admin Center toolbox of {0}", adminCenter.adminUser());
        } catch (IOException | ToolboxPlacement.AdminCenterNotReady e) {
            if (attempt < maxAttempts) {
                LOG.log(Level.FINE, "Admin Center not reachable yet (attempt {0}): {1}", new Object[] {attempt, e.getMessage()});
                schedule(attempt + 1, retryInterval);
            } else {
                LOG.log(Level.WARNING, "The events console was not added to Admin Center''s toolbox after {0} attempts: {1}",
                        new Object[] {attempt, e.getMessage()});
            }
        } catch (ToolboxPlacement.AdminCenterRefused e) {
            LOG.log(Level.WARNING, "Admin Center refused to add the events console to the toolbox: {0}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The events console was not added to Admin Center's toolbox", e);
        }
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
