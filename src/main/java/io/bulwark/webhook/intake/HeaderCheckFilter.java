package io.bulwark.webhook.intake;

import io.bulwark.problem.ProblemException;
import io.bulwark.problem.ServletProblems;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Checks the framing headers of every request under {@code /api} before JAX-RS reads them: a Content-Length
 * that is not a non-negative number, or a Content-Type that is not a media type, is answered 400
 * problem+json here, where JAX-RS would answer a 500 or the server's HTML error page. It also marks when the
 * request's first dispatch has returned ({@link InitialDispatch}), and tells the {@link FirstDispatchObserver}
 * just before, whether it refused the request or handed it on.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true, dispatcherTypes = DispatcherType.REQUEST)
public class HeaderCheckFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient FirstDispatchObserver observer;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            HeaderChecks.requireWellFormedContentType(request);
            HeaderChecks.contentLength(request);
        } catch (ProblemException refused) {
            ServletProblems.send(response, refused, true);
            observer.firstDispatchEnds(request, response);
            return;
        }
        InitialDispatch dispatch = InitialDispatch.begin(request);
        try {
            chain.doFilter(request, response);
        } finally {
            observer.firstDispatchEnds(request, response);
            dispatch.returned();
        }
    }
}
