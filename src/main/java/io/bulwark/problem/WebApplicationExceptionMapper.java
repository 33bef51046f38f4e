package io.bulwark.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers the JAX-RS runtime's own errors (no such path, method not allowed, unsupported media type, a
 * query parameter that does not convert) as problem+json, keeping headers such as {@code Allow}.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "Error";
        Response.ResponseBuilder response = ProblemResponses.builder(status, title, detailFor(status));
        original.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "method not allowed on this resource";
            case 406 -> "no acceptable representation; this API produces JSON";
            case 415 -> "unsupported content type; send application/json";
            case 400 -> "malformed request parameters";
            case 401 -> "authentication required";
            case 403 -> "not allowed for this user";
            default -> "the request could not be served";
        };
    }
}
