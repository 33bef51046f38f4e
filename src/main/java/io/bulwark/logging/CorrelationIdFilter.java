package io.bulwark.logging;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Gives every API request, webhook deliveries first of all, a correlation id: the caller's
 * {@code X-Correlation-Id} when it is a plain token, else a new one. It is returned in the response header
 * and attached to every log record the request writes ({@code ext_correlationId} in Liberty's JSON logs), on
 * the request's thread and, through {@link #carriedBy(ServletRequest)}, on a thread that goes on with the request after it was
 * suspended; so a sender's support ticket leads straight to the server's log lines. A servlet filter, so that
 * the id leaves the thread when the request's first dispatch ends, whether or not the response is done.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true, dispatcherTypes = DispatcherType.REQUEST)
public class CorrelationIdFilter extends HttpFilter {

    public static final String HEADER = "X-Correlation-Id";
    static final String LOG_FIELD = "correlationId";
    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = CorrelationIdFilter.class.getName();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String given = request.getHeader(HEADER);
        String id = given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        LogRecordExtensions.put(LOG_FIELD, id);
        try {
            chain.doFilter(request, response);
        } finally {
            LogRecordExtensions.remove(LOG_FIELD);
        }
    }

    /**
     * What makes work run with the request's correlation id on the log records of whichever thread runs it; read
     * while the request is being dispatched, since the request may not be read from other threads.
     */
    public static UnaryOperator<Runnable> carriedBy(ServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (!(id instanceof String correlationId)) {
            return UnaryOperator.identity();
        }
        return work -> () -> {
            LogRecordExtensions.put(LOG_FIELD, correlationId);
            try {
                work.run();
            } finally {
                LogRecordExtensions.remove(LOG_FIELD);
            }
        };
    }
}
