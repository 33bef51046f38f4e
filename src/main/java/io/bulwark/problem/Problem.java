package io.bulwark.problem;

import java.net.URI;

/**
 * An RFC 9457 problem details document.
 *
 * @param type   identifies the kind of problem
 * @param title  short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request, safe to show to the client
 */
public record Problem(URI type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
