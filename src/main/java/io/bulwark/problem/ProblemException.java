package io.bulwark.problem;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A failure the client caused or must react to, answered as RFC 9457 {@code application/problem+json}.
 * The detail is shown to the client as it is: it must never hold a payload, SQL, a secret or a stack trace.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final URI type;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, Throwable cause) {
        this(status, title, detail, cause, Map.of());
    }

    private ProblemException(int status, String title, String detail, Throwable cause, Map<String, String> headers) {
        super(detail, cause, false, false);
        this.status = status;
        this.title = title;
        this.type = ProblemTypes.forStatus(status);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    /** Headers the answer carries besides its content type, such as Retry-After. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The same problem, asking the client to close the connection: for a refusal that leaves some of the
     * request's body unread, which could not be told apart from a next request on the same connection.
     */
    public ProblemException closing() {
        Map<String, String> withClose = new HashMap<>(headers);
        withClose.put("Connection", "close");
        return new ProblemException(status, title, getMessage(), getCause(), withClose);
    }

    /** 400: the request is malformed: JSON, envelope or values. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /** 404: no such resource. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** 408: the client did not send its whole request in time. */
    public static ProblemException requestTimeout(String detail) {
        return new ProblemException(408, "Request Timeout", detail);
    }

    /** 503 with Retry-After: the service cannot take the request now; nothing of it was kept. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "Service Unavailable", detail, null,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 409: the resource is not in a state that allows the operation. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }
}
