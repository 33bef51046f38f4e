package io.bulwark.problem;

import io.bulwark.database.FailureClassifier;
import io.bulwark.database.SqlFailures;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * The last line: a transient database failure that outlasted its retries or an open circuit is answered 503
 * with Retry-After (the client should send again; nothing was acknowledged, and a delivery whose commit was
 * cut off after the fact is found as a duplicate when sent again); anything else is a 500 whose details stay in the server log. The response never carries a
 * stack trace, SQL or a driver message.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Inject
    @ConfigProperty(name = "webhook.retry-after-seconds", defaultValue = "5")
    int retryAfterSeconds;

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof FaultToleranceException || FailureClassifier.isTransient(failure)) {
            LOG.log(Level.WARNING, "Database unavailable: {0}", SqlFailures.describe(failure));
            return ProblemResponses.builder(503, "Service Unavailable",
                            "the database is unavailable; the delivery was not acknowledged, send it again later"
                                    + " (a copy that was stored after all is answered as a duplicate)")
                    .header("Retry-After", retryAfterSeconds)
                    .build();
        }
        LOG.log(Level.SEVERE, "Unexpected failure", failure);
        return ProblemResponses.builder(500, "Internal Server Error", "unexpected failure; see the server log").build();
    }
}
