package io.bulwark.webhook;

import io.bulwark.ledger.LedgerRuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When an event may say it happened, for it to be applied. The ledger keeps the newest state by
 * {@code occurredAt}, so one event dated far ahead would freeze an account against every genuine update after
 * it, and a date before any plausible provider is as suspect. An event dated later than now plus
 * {@code webhook.tolerance-seconds} (the clock skew signatures already allow), or before
 * {@value #EARLIEST_TEXT}, is stored but not applied: FAILED with an alert naming the rule. A replay or a
 * background attempt checks again, so an event dated a little ahead is applied once its time has come.
 */
@ApplicationScoped
public class OccurrenceBounds {

    static final String IN_THE_FUTURE = "OccurredInTheFuture";
    static final String TOO_EARLY = "OccurredTooEarly";

    private static final String EARLIEST_TEXT = "2000-01-01T00:00:00Z";
    private static final Instant EARLIEST = Instant.parse(EARLIEST_TEXT);

    private final Clock clock;

    @Inject
    @ConfigProperty(name = "webhook.tolerance-seconds", defaultValue = "300")
    long toleranceSeconds;

    public OccurrenceBounds() {
        this(Clock.systemUTC());
    }

    OccurrenceBounds(Clock clock) {
        this.clock = clock;
    }

    /** Why an event that happened then cannot be applied now; empty when it can (or states no time). */
    Optional<LedgerRuleViolation> violation(OffsetDateTime occurredAt) {
        if (occurredAt == null) {
            return Optional.empty();
        }
        Instant latest = clock.instant().plus(Duration.ofSeconds(toleranceSeconds));
        if (occurredAt.toInstant().isAfter(latest)) {
            return Optional.of(new LedgerRuleViolation(IN_THE_FUTURE, "occurredAt " + occurredAt + " is more than "
                    + toleranceSeconds + " s ahead of this server's clock; it is not applied before that time, by replay"));
        }
        if (occurredAt.toInstant().isBefore(EARLIEST)) {
            return Optional.of(new LedgerRuleViolation(TOO_EARLY, "occurredAt " + occurredAt + " is before " + EARLIEST_TEXT
                    + ", earlier than any event a provider sends"));
        }
        return Optional.empty();
    }

    /** @throws LedgerRuleViolation when an event that happened then cannot be applied now */
    void check(OffsetDateTime occurredAt) {
        Optional<LedgerRuleViolation> violation = violation(occurredAt);
        if (violation.isPresent()) {
            throw violation.get();
        }
    }
}
