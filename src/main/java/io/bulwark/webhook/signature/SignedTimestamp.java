package io.bulwark.webhook.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** The unix-seconds timestamp a sender signs along with the body, which bounds how long a capture can be replayed. */
final class SignedTimestamp {

    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,18}");

    private SignedTimestamp() {
    }

    /**
     * Rejects a timestamp that is not unix seconds, or that is further than the tolerance from now in either
     * direction: a clock running ahead is as much skew as one running behind.
     *
     * @param where names the header the timestamp came from, for the detail
     */
    static void check(String value, String where, Instant now, Duration tolerance) {
        // Digits only, as Long.parseLong would also take a sign no sender writes; 18 of them cannot overflow a long.
        if (!UNIX_SECONDS.matcher(value).matches()) {
            throw new SignatureException("timestamp in " + where + " header is not unix seconds");
        }
        Duration skew = Duration.between(Instant.EPOCH, now).minusSeconds(Long.parseLong(value)).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new SignatureException("timestamp in " + where + " header is outside the tolerance");
        }
    }
}
