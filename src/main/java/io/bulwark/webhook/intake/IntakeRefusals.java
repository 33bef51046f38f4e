package io.bulwark.webhook.intake;

import io.bulwark.problem.ProblemException;
import java.time.Duration;

/**
 * The refusals of a delivery's intake. Each one that leaves body bytes unread asks the client to close the
 * connection, since those bytes cannot be told apart from a next request.
 */
final class IntakeRefusals {

    private IntakeRefusals() {
    }

    static ProblemException tooLarge(int maxBodyBytes) {
        return new ProblemException(413, "Content Too Large", "the body exceeds " + maxBodyBytes + " bytes").closing();
    }

    static ProblemException overBudget(int retryAfterSeconds) {
        return ProblemException.unavailable("too many deliveries are being received at once; send again later",
                retryAfterSeconds).closing();
    }

    static ProblemException tooSlow(Duration readTimeout) {
        return ProblemException.requestTimeout("the body did not arrive within " + readTimeout.toSeconds() + " s").closing();
    }

    static ProblemException unreadable() {
        return ProblemException.badRequest("the request body could not be read").closing();
    }

    static ProblemException notJson() {
        return new ProblemException(415, "Unsupported Media Type", "send the delivery as application/json").closing();
    }
}
