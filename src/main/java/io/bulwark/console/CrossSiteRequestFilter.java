package io.bulwark.console;

import io.bulwark.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses, 403 problem+json, a state-changing admin request that a page of another site could have made an
 * admin's browser send. A browser attaches the Admin Center session cookie, and Basic credentials it has
 * cached, to any request for this server, whichever page asks; so a credential alone does not show that the
 * admin meant the request. Refused:
 * <ul>
 *   <li>a request whose {@code Sec-Fetch-Site} is anything but {@code same-origin} (every current browser sends
 *   it, and no page can set it);</li>
 *   <li>without that header, one whose {@code Origin} names another host or port than the request was sent to;</li>
 *   <li>one authenticated by the session cookie alone (no {@code Authorization} header) that lacks the
 *   {@value #REQUIRED_HEADER} header: a plain form of another site cannot set a header, and a script of
 *   another site can only with a CORS preflight, which Bulwark never grants.</li>
 * </ul>
 * Clients outside a browser (curl, scripts, other services) send none of these headers and authenticate with
 * {@code Authorization}, so they are not affected.
 */
class CrossSiteRequestFilter implements ContainerRequestFilter {

    static final String REQUIRED_HEADER = "X-Requested-By";

    @Override
    public void filter(ContainerRequestContext request) {
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        String origin = request.getHeaderString("Origin");
        if (fetchSite != null) {
            if (!"same-origin".equals(fetchSite.trim().toLowerCase(Locale.ROOT))) {
                refuse(request, "sent by a page of another site (Sec-Fetch-Site: " + fetchSite + ")");
                return;
            }
        } else if (origin != null && !sameOrigin(origin, request.getUriInfo().getRequestUri())) {
            refuse(request, "sent by a page of another origin (Origin: " + origin + ")");
            return;
        }
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null && request.getHeaderString(REQUIRED_HEADER) == null) {
            refuse(request, "a request authenticated by the session cookie must carry the " + REQUIRED_HEADER + " header");
        }
    }

    /**
     * Whether {@code origin} names the host and port the request was sent to, the scheme's port when left out.
     * The request's address comes from the container, as HTTP/2 carries no {@code Host} header.
     */
    private static boolean sameOrigin(String origin, URI requested) {
        try {
            URI from = URI.create(origin.trim());
            return from.getHost() != null && from.getHost().equalsIgnoreCase(requested.getHost()) && port(from) == port(requested);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void refuse(ContainerRequestContext request, String detail) {
        request.abortWith(ProblemResponses.builder(403, "Forbidden", "cross-site request refused: " + detail).build());
    }
}
