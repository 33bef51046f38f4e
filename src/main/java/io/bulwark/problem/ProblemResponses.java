package io.bulwark.problem;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response.ResponseBuilder builder(int status, String title, String detail) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(ProblemTypes.forStatus(status), title, status, detail));
    }

    /** 401 with the HTTP Basic challenge of the admin realm. */
    public static Response unauthorized(String detail) {
        return builder(401, "Unauthorized", detail).header("WWW-Authenticate", "Basic realm=\"bulwark\"").build();
    }
}
