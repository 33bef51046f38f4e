package io.bulwark.problem;

import java.net.URI;

/**
 * A failure the client caused or must react to, answered as RFC 9457 {@code application/problem+json}.
 * The detail is shown to the client as it is: it must never hold a payload, SQL, a secret or a stack trace.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final URI type;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
        this.title = title;
        this.type = ProblemTypes.forStatus(status);
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

    /** 400: the request is malformed: JSON, envelope or values. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /** 404: no such resource. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** 409: the resource is not in a state that allows the operation. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }
}
