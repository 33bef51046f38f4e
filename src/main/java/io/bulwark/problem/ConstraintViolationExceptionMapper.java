package io.bulwark.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/** Answers Bean Validation failures of resource parameters with 400, naming each parameter and rule. */
@Provider
public class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        String detail = exception.getConstraintViolations().stream()
                .map(ConstraintViolationExceptionMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return ProblemResponses.builder(400, "Bad Request", detail).build();
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String parameter = path.substring(path.lastIndexOf('.') + 1);
        return parameter + ": " + violation.getMessage();
    }
}
