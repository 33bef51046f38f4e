package io.bulwark.webhook;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.metrics.Counter;

/**
 * One source's delivery counters, made when the application starts. As an {@link AsyncListener} it counts the
 * status a suspended delivery was finally answered with, so one instance serves every request to its source.
 * {@code received}, {@code duplicate} and {@code failed} are null for the unknown source, which is never accepted
 * and counts only its 404s: any other answer on {@code /api/webhooks/{name}} for a name that is no source comes
 * from a route that is no delivery (an admin operation with one path segment), and is no refused delivery.
 */
record SourceOutcomes(String source, Counter received, Counter duplicate, Counter failed, Counter[] rejected)
        implements AsyncListener {

    /** The statuses counted one by one; any other 4xx or 5xx is counted as {@code other}. */
    static final String[] STATUSES = {"400", "401", "404", "408", "413", "415", "429", "500", "503", "other"};

    /** Counts a final answer: nothing for 1xx-3xx, which {@code received} counts where they are made. */
    void answered(int status) {
        if (status >= 400 && (received != null || status == 404)) {
            rejected[indexOf(status)].inc();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        answered(((HttpServletResponse) event.getSuppliedResponse()).getStatus());
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // The intake sets no container timeout; whatever answer ends the request is counted on completion.
    }

    @Override
    public void onError(AsyncEvent event) {
        // Counted on completion, which follows.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Registered after the start.
    }

    static int indexOf(int status) {
        switch (status) {
            case 400:
                return 0;
            case 401:
                return 1;
            case 404:
                return 2;
            case 408:
                return 3;
            case 413:
                return 4;
            case 415:
                return 5;
            case 429:
                return 6;
            case 500:
                return 7;
            case 503:
                return 8;
            default:
                return 9;
        }
    }
}
