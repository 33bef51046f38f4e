package io.bulwark.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link ProblemException} with its own status, title and detail. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException problem) {
        Response.ResponseBuilder response = ProblemResponses.builder(problem.status(), problem.title(), problem.detail());
        problem.headers().forEach(response::header);
        return response.build();
    }
}
