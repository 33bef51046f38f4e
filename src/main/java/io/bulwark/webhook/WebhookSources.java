package io.bulwark.webhook;

import io.bulwark.webhook.signature.SignatureScheme;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The configured webhook sources. Adding one is a matter of setting {@code WEBHOOK_SOURCES_<NAME>_SECRET} (and
 * optionally {@code _SCHEME}, {@code _LEDGER} and, for the {@code hmac} scheme, {@code _HMAC_*}), never of code. A
 * source exists when its secret is set, or when its scheme is explicitly {@code none}.
 *
 * <p>The sources are read and checked once, when the application starts (see {@link SourceSettingsCheck}): a
 * bad name, scheme, ledger, secret or HMAC format stops the start with every problem named, so the application
 * never becomes ready, and a changed setting takes a restart. A request reaches a source by any spelling of its name
 * ({@link SourceName}) and is then known by the canonical one only.
 */
@ApplicationScoped
public class WebhookSources {

    private static final Logger LOG = Logger.getLogger(WebhookSources.class.getName());

    @Inject
    Config config;

    private Map<String, WebhookSource> byName = Map.of();

    @PostConstruct
    void checkEverySource() {
        SourceSettingsCheck check = SourceSettingsCheck.of(config);
        List<String> problems = check.problems();
        if (!problems.isEmpty()) {
            problems.forEach(problem -> LOG.log(Level.SEVERE, "{0}", problem));
            throw new IllegalStateException("the webhook sources are misconfigured, so the application does not start: "
                    + String.join("; ", problems));
        }
        byName = check.sources();
        byName.values().forEach(WebhookSources::warnOfAnOpenSharedLedger);
    }

    /**
     * Observing the application's start creates this bean with it, so that a bad source stops the application
     * from starting rather than failing deliveries; there is nothing else to do then.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // The call itself is the point: CDI creates the bean (and checks the sources) to deliver it.
    }

    /** The source any spelling of that name reaches, or empty when no source is configured under it. */
    public Optional<WebhookSource> find(String requestedName) {
        return SourceName.canonical(requestedName).map(byName::get);
    }

    /** The canonical names of every configured source, for whatever must exist per source from the start (metrics). */
    public Set<String> names() {
        return byName.keySet();
    }

    /** An unsigned source writing into another's ledger lets anyone who reaches its URL change that ledger. */
    private static void warnOfAnOpenSharedLedger(WebhookSource source) {
        if (source.scheme() == SignatureScheme.NONE && !source.ledger().equals(source.name())) {
            LOG.log(Level.WARNING, "Webhook source {0} is unsigned and writes ledger {1}: anyone who can reach "
                    + "/api/webhooks/{0} can change that ledger", new Object[] {source.name(), source.ledger()});
        }
    }
}
