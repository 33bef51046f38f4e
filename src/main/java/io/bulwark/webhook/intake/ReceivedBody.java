package io.bulwark.webhook.intake;

import jakarta.servlet.ServletRequest;

/**
 * A delivery's body, read whole by {@link DeliveryIntakeFilter} before the request reaches JAX-RS, and handed
 * to the resource as a request attribute (JAX-RS would otherwise read the stream again, copying it).
 */
public record ReceivedBody(byte[] bytes) {

    private static final String ATTRIBUTE = ReceivedBody.class.getName();

    void attachTo(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /**
     * The body the intake filter read for this request.
     *
     * @throws IllegalStateException when the request did not pass through the intake filter
     */
    public static ReceivedBody of(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof ReceivedBody body) {
            return body;
        }
        throw new IllegalStateException("the delivery's body was not read by the intake filter");
    }
}
