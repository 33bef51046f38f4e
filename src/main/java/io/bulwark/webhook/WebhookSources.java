package io.bulwark.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The configured webhook sources. Adding one is a matter of setting {@code WEBHOOK_SOURCES_<NAME>_SECRET} (and
 * optionally {@code _SCHEME}), never of code. A source exists when its secret is set, or when its scheme is
 * explicitly {@code none}.
 *
 * <p>Every source the configuration mentions is checked when the application starts (see
 * {@link SourceSettingsCheck}): a bad name, scheme or secret stops the start with every problem named, so the
 * application never becomes ready. The secrets are decoded then, once.
 *
 * <p>A request's source is still looked up in MicroProfile Config by the name in its URL, so that the same
 * spellings reach the same settings as they always have; a setting changed while running is checked when a
 * request first meets it, and a source whose settings cannot be used then receives nothing (404) and is
 * logged.
 */
@ApplicationScoped
public class WebhookSources {

    private static final Logger LOG = Logger.getLogger(WebhookSources.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    Config config;

    private final ConcurrentMap<SourceSettings, Optional<SourceSettings.Signing>> checked = new ConcurrentHashMap<>();

    @PostConstruct
    void checkEverySource() {
        SourceSettingsCheck check = SourceSettingsCheck.of(config);
        List<String> problems = check.problems();
        if (!problems.isEmpty()) {
            problems.forEach(problem -> LOG.log(Level.SEVERE, "{0}", problem));
            throw new IllegalStateException("the webhook sources are misconfigured, so the application does not start: "
                    + String.join("; ", problems));
        }
        check.signings().forEach((settings, signing) -> checked.put(settings, Optional.of(signing)));
    }

    /**
     * Observing the application's start creates this bean with it, so that a bad source stops the application
     * from starting rather than failing deliveries; there is nothing else to do then.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // The call itself is the point: CDI creates the bean (and checks the sources) to deliver it.
    }

    /** The source of that name (case-insensitive), or empty when no usable source is configured under it. */
    public Optional<WebhookSource> find(String requestedName) {
        if (requestedName == null || !NAME.matcher(requestedName).matches()) {
            return Optional.empty();
        }
        String name = requestedName.toLowerCase(Locale.ROOT);
        SourceSettings settings = SourceSettings.read(name, key -> config.getOptionalValue(key, String.class));
        return checked.computeIfAbsent(settings, unseen -> signing(name, unseen))
                .map(signing -> new WebhookSource(name, signing.scheme(), signing.keys()));
    }

    private static Optional<SourceSettings.Signing> signing(String name, SourceSettings settings) {
        try {
            return settings.signing();
        } catch (SourceSettings.Invalid e) {
            LOG.log(Level.WARNING, "Webhook source {0}: {1} {2}; it receives nothing until that is fixed",
                    new Object[] {name, e.setting().key(name), e.getMessage()});
            return Optional.empty();
        }
    }
}
