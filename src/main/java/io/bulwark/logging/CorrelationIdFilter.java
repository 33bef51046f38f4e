package io.bulwark.logging;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every API request, webhook deliveries first of all, a correlation id: the caller's
 * {@code X-Correlation-Id} when it is a plain token, else a new one. It is attached to every log record the
 * request writes ({@code ext_correlationId} in Liberty's JSON logs) and returned in the response header, so
 * a sender's support ticket leads straight to the server's log lines.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class CorrelationIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "X-Correlation-Id";
    static final String LOG_FIELD = "correlationId";
    private static final String PROPERTY = CorrelationIdFilter.class.getName();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        LogRecordExtensions.put(LOG_FIELD, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
        LogRecordExtensions.remove(LOG_FIELD);
    }
}
