package io.bulwark.webhook;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts every refused delivery ({@code POST /api/webhooks/{source}}) by source and the status it was answered
 * with, at the one point every answer passes: the end of the request, whoever made the answer (the header
 * checks, the intake's 413/415/408/503, a signature or parse failure, an exception mapper). It is the outermost
 * filter on the path (web.xml lists it before the annotated ones), so even a refusal by
 * {@link io.bulwark.webhook.intake.HeaderCheckFilter} passes it. A suspended delivery is counted when its
 * response completes, by its source's {@link SourceOutcomes}, registered as the request's listener; that
 * listener is made at start, so a delivery costs one listener registration and no other allocation.
 */
public class DeliveryOutcomeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String DELIVERIES = "/webhooks/";

    @Inject
    transient WebhookMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (!"POST".equals(request.getMethod()) || path == null || !path.startsWith(DELIVERIES)
                || path.indexOf('/', DELIVERIES.length()) >= 0) {
            chain.doFilter(request, response);
            return;
        }
        SourceOutcomes outcomes = metrics.deliveryTo(path, DELIVERIES.length());
        chain.doFilter(request, response);
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(outcomes, request, response);
        } else {
            outcomes.answered(response.getStatus());
        }
    }
}
