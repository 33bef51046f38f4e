package io.bulwark.webhook.intake;

/** A delivery's body, read whole by {@link BodyCollector} before the delivery is handled. */
public record ReceivedBody(byte[] bytes) {
}
