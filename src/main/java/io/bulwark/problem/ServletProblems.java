package io.bulwark.problem;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a problem+json answer from a servlet filter, for refusals made before a request reaches JAX-RS
 * (where the exception mappers answer). The body has the same shape as {@link Problem}.
 */
public final class ServletProblems {

    private ServletProblems() {
    }

    /**
     * Answers {@code problem} unless an answer has already been started; headers set before (a correlation id)
     * are kept. {@code close} asks the client to
     * open a new connection: the refused request's body was not read, so this one cannot carry another.
     */
    public static void send(HttpServletResponse response, ProblemException problem, boolean close) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        if (close) {
            response.setHeader("Connection", "close");
        }
        problem.headers().forEach(response::setHeader);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("type", problem.type().toString())
                .add("title", problem.title())
                .add("status", problem.status())
                .add("detail", problem.detail());
        byte[] body = json.build().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
