package io.bulwark.console;

import io.bulwark.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Answers 403 problem+json to a state-changing admin request that {@link CrossSiteRequests} takes for one a
 * page of another site made an admin's browser send.
 */
class CrossSiteRequestFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        CrossSiteRequests.refusal(request::getHeaderString, request.getUriInfo().getRequestUri())
                .ifPresent(reason -> request.abortWith(
                        ProblemResponses.builder(403, "Forbidden", "cross-site request refused: " + reason).build()));
    }
}
