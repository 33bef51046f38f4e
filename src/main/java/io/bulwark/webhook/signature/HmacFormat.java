package io.bulwark.webhook.signature;

import java.util.Optional;

/**
 * Where and how a source of the {@link SignatureScheme#HMAC} scheme puts its signature.
 *
 * @param header          the header holding the MAC
 * @param algorithm       the HMAC it computes
 * @param encoding        how the MAC is written
 * @param prefix          text the header's value starts with before the MAC, such as {@code sha256=}; empty for none
 * @param timestampHeader the header holding a unix-seconds timestamp the MAC covers ({@code {timestamp}.{body}});
 *                        empty when the MAC covers the body alone
 * @param idHeader        the header holding the delivery id; empty when the body's {@code id} is the delivery id
 */
public record HmacFormat(String header, HmacAlgorithm algorithm, SignatureEncoding encoding, String prefix,
                         Optional<String> timestampHeader, Optional<String> idHeader) {
}
