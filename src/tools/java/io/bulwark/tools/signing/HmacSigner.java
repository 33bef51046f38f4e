package io.bulwark.tools.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The generic {@code hmac} scheme, configured as the source is on the server: the MAC of the body (or of
 * {@code "timestamp.body"} when the source names a timestamp header) in {@code header}, after {@code prefix},
 * in hex or base64; the delivery id in {@code idHeader}, or else the body's {@code id}.
 */
public final class HmacSigner implements DeliverySigner {

    /** The source's HMAC settings, named as its WEBHOOK_SOURCES_&lt;NAME&gt;_HMAC_* variables are. */
    public record Format(String header, String algorithm, String encoding, String prefix, Optional<String> timestampHeader,
                         Optional<String> idHeader) {

        public Format {
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException("the hmac scheme needs the header that carries the signature");
            }
            if (!Map.of("sha256", 1, "sha1", 1, "sha512", 1).containsKey(algorithm)) {
                throw new IllegalArgumentException("hmac algorithm must be sha256, sha1 or sha512, not " + algorithm);
            }
            if (!encoding.equals("hex") && !encoding.equals("base64")) {
                throw new IllegalArgumentException("hmac encoding must be hex or base64, not " + encoding);
            }
        }
    }

    private final byte[] key;
    private final Format format;

    public HmacSigner(String secret, Format format) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.format = format;
    }

    @Override
    public Map<String, String> headers(String deliveryId, long timestamp, byte[] body) {
        String signed = format.timestampHeader().isPresent() ? timestamp + "." : "";
        byte[] mac = Hmac.of("Hmac" + format.algorithm().toUpperCase(Locale.ROOT), key, signed, body);
        String encoded = format.encoding().equals("hex") ? HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac);
        Map<String, String> headers = new HashMap<>();
        headers.put(format.header(), format.prefix() + encoded);
        format.timestampHeader().ifPresent(name -> headers.put(name, Long.toString(timestamp)));
        format.idHeader().ifPresent(name -> headers.put(name, deliveryId));
        return headers;
    }
}
