package io.bulwark.webhook.signature;

import java.util.List;

/**
 * What a verifier sees of a delivery: its headers and its body exactly as received.
 */
public interface SignedRequest {

    /** Every value of the header, in order; empty when absent. Header names are case-insensitive. */
    List<String> headers(String name);

    /** The raw body bytes as received; never re-serialised. */
    byte[] body();
}
