package io.bulwark.alert.delivery;

/** What one POST of an alert came to. */
public sealed interface DeliveryOutcome {

    /** The receiver answered 2xx: the alert is delivered. */
    record Accepted(int status) implements DeliveryOutcome {
    }

    /**
     * The receiver refused (any other status), did not answer in time, or could not be reached.
     *
     * @param reason a status or an exception class, never a URL or a response body
     */
    record Failed(String reason) implements DeliveryOutcome {
    }
}
