package io.bulwark.tools.signing;

import java.util.Map;

/** Signs one delivery for a source's scheme. */
public interface DeliverySigner {

    /**
     * The headers that carry the delivery's id and signature, as the provider sends them.
     *
     * @param timestamp unix seconds, for the schemes that sign a timestamp
     */
    Map<String, String> headers(String deliveryId, long timestamp, byte[] body);
}
