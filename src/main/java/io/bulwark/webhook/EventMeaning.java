package io.bulwark.webhook;

import io.bulwark.ledger.LedgerEffect;
import io.bulwark.ledger.LedgerRuleViolation;

/** What a delivered event asks of the ledger, as its source's mapping reads it. */
sealed interface EventMeaning {

    /** A type Bulwark applies, as the canonical envelope the mapping read or yielded. */
    record Applies(WebhookEnvelope envelope) implements EventMeaning {

        public Applies {
            if (envelope.isIgnored()) {
                throw new IllegalArgumentException("an ignored envelope applies nothing");
            }
        }

        LedgerEffect in(String ledger) {
            return envelope.effect(ledger);
        }
    }

    /** Nothing for the ledger: stored as IGNORED. */
    record Ignored() implements EventMeaning {
    }

    /** Meant for the ledger, but what the mapping made of it cannot be applied: stored as FAILED with an alert. */
    record Unusable(LedgerRuleViolation why) implements EventMeaning {
    }
}
