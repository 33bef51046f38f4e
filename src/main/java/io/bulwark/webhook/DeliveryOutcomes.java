package io.bulwark.webhook;

import io.bulwark.webhook.intake.FirstDispatchObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts every refused delivery ({@code POST /api/webhooks/{source}}) by source and the status it was answered
 * with, at the one point every answer passes: the end of the request, whoever made the answer (the header
 * checks, the intake's 413/415/408/503, a signature or parse failure, an exception mapper). The header check
 * filter, the outermost on the path, tells it when a request's first dispatch ends: a delivery answered by then
 * (refused by the filter, or an unknown source) is counted at once; a suspended one (almost all: the body is read
 * asynchronously) gets its source's {@link SourceOutcomes} as listener, which counts the status when the
 * response completes. The listener is added before the first dispatch returns, so never while another thread
 * answers (see {@code intake.InitialDispatch}). The listeners are made at start: a delivery costs one listener
 * registration and no other allocation.
 */
@ApplicationScoped
public class DeliveryOutcomes implements FirstDispatchObserver {

    private static final String DELIVERIES = "/webhooks/";

    @Inject
    WebhookMetrics metrics;

    @Override
    public void firstDispatchEnds(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getPathInfo();
        if (!"POST".equals(request.getMethod()) || path == null || !path.startsWith(DELIVERIES)
                || path.indexOf('/', DELIVERIES.length()) >= 0) {
            return;
        }
        SourceOutcomes outcomes = metrics.deliveryTo(path, DELIVERIES.length());
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(outcomes, request, response);
        } else {
            outcomes.answered(response.getStatus());
        }
    }
}
