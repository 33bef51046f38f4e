package io.bulwark.console;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Tells a state-changing admin request that a page of another site could have made an admin's browser send
 * from one the admin meant. A browser attaches the Admin Center session cookie, and Basic credentials it has
 * cached, to any request for this server, whichever page asks; so a credential alone does not show intent.
 * Refused:
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
final class CrossSiteRequests {

    static final String REQUIRED_HEADER = "X-Requested-By";

    private CrossSiteRequests() {
    }

    /**
     * Why the request is refused, or empty when it may go on.
     *
     * @param header    the request's header of a name (any case), null when absent
     * @param requested the address the request was sent to, as the container saw it (HTTP/2 has no Host header)
     */
    static Optional<String> refusal(UnaryOperator<String> header, URI requested) {
        String fetchSite = header.apply("Sec-Fetch-Site");
        String origin = header.apply("Origin");
        if (fetchSite != null) {
            if (!"same-origin".equals(fetchSite.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of("sent by a page of another site (Sec-Fetch-Site: " + fetchSite + ")");
            }
        } else if (origin != null && !sameOrigin(origin, requested)) {
            return Optional.of("sent by a page of another origin (Origin: " + origin + ")");
        }
        if (header.apply("Authorization") == null && header.apply(REQUIRED_HEADER) == null) {
            return Optional.of("a request authenticated by the session cookie must carry the " + REQUIRED_HEADER + " header");
        }
        return Optional.empty();
    }

    /** Whether {@code origin} names the host and port of {@code requested}, the scheme's port when left out. */
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
}
