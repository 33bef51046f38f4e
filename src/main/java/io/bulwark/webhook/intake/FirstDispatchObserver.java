package io.bulwark.webhook.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Told by {@link HeaderCheckFilter} when the first dispatch of a request under {@code /api} ends, refused by
 * the filter or handed on to the application, and before it returns to the container: the last moment at which a
 * listener may still be added to a suspended request without racing the thread that will answer it (see
 * {@link InitialDispatch}). The webhook package counts every delivery's answer this way.
 */
public interface FirstDispatchObserver {

    /** The request's first dispatch ends; {@code response} holds its status unless the request is suspended. */
    void firstDispatchEnds(HttpServletRequest request, HttpServletResponse response);
}
