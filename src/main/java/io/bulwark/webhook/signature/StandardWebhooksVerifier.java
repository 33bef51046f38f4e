package io.bulwark.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Standard Webhooks (standardwebhooks.com), and Svix, which signs the same way under its own header names. The
 * signature header holds space-separated entries over {@code {id}.{timestamp}.{body}}: {@code v1,<base64 HMAC-SHA256>},
 * keyed with the base64-decoded part of a {@code whsec_} secret, and {@code v1a,<base64 Ed25519 signature>}, checked
 * with a {@code whpk_} public key. The delivery is accepted when any {@code v1} entry matches under any of the
 * source's HMAC keys, or any {@code v1a} entry verifies under any of its public keys; entries of other versions are
 * ignored, but a {@code v1} or {@code v1a} entry that is not the base64 of a MAC or signature makes the header
 * malformed. The delivery id is the id header.
 *
 * <p>A delivery uses one family of headers, {@code webhook-*} or {@code svix-*}. One that carries headers of both
 * is refused as ambiguous, as a header given twice is: there is no telling which family the sender signed.
 */
public class StandardWebhooksVerifier implements SignatureVerifier {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    /**
     * Each {@code v1a} entry costs an Ed25519 verification per public key, so an unsigned request must not be able to
     * ask for hundreds; a rotation needs two.
     */
    static final int MAX_ASYMMETRIC_ENTRIES = 8;

    private static final HeaderFamily STANDARD = new HeaderFamily(ID, TIMESTAMP, SIGNATURE);
    private static final HeaderFamily SVIX = new HeaderFamily("svix-id", "svix-timestamp", "svix-signature");
    private static final String SYMMETRIC = "v1";
    private static final String ASYMMETRIC = "v1a";

    @Override
    public SignatureScheme scheme() {
        return SignatureScheme.STANDARD;
    }

    /** No: the id header is signed along with the body. */
    @Override
    public boolean identifiesByBody() {
        return false;
    }

    @Override
    public Optional<String> verify(SignedRequest request, SigningKeys keys, Instant now, Duration tolerance) {
        HeaderFamily headers = HeaderFamily.of(request);
        String id = SignatureHeaders.required(request, headers.id());
        String timestamp = SignatureHeaders.required(request, headers.timestamp());
        Entries entries = Entries.parse(SignatureHeaders.required(request, headers.signature()), headers.signature());
        SignedTimestamp.check(timestamp, headers.timestamp(), now, tolerance);

        byte[] signed = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        if (!keys.signedAny(key -> HmacAlgorithm.SHA256.compute(key, signed, request.body()), entries.symmetric())
                && !keys.verifiedAny(entries.asymmetric(), signed, request.body())) {
            throw new SignatureException("signature does not match");
        }
        return Optional.of(id);
    }

    /** The names of the id, timestamp and signature headers. */
    private record HeaderFamily(String id, String timestamp, String signature) {

        /**
         * Svix's names when the request carries any of them, else Standard Webhooks', which a request carrying
         * neither is told it misses.
         */
        static HeaderFamily of(SignedRequest request) {
            boolean svix = SVIX.usedBy(request);
            if (svix && STANDARD.usedBy(request)) {
                throw new SignatureException("both webhook-* and svix-* signature headers given: a delivery is signed "
                        + "with one family, so which one was meant is ambiguous");
            }
            return svix ? SVIX : STANDARD;
        }

        boolean usedBy(SignedRequest request) {
            return Stream.of(id, timestamp, signature).anyMatch(name -> !request.headers(name).isEmpty());
        }
    }

    /** The signature header's {@code v1} MACs and {@code v1a} signatures, decoded. */
    private record Entries(List<byte[]> symmetric, List<byte[]> asymmetric) {

        static Entries parse(String header, String name) {
            List<byte[]> symmetric = new ArrayList<>();
            List<byte[]> asymmetric = new ArrayList<>();
            for (String entry : header.split(" +")) {
                int comma = entry.indexOf(',');
                String version = comma < 0 ? "" : entry.substring(0, comma);
                String content = entry.substring(comma + 1);
                if (version.equals(SYMMETRIC)) {
                    symmetric.add(decoded(content, HmacAlgorithm.SHA256.length(), name));
                } else if (version.equals(ASYMMETRIC)) {
                    asymmetric.add(decoded(content, Ed25519.SIGNATURE_BYTES, name));
                }
            }
            if (symmetric.isEmpty() && asymmetric.isEmpty()) {
                throw new SignatureException(name + " header has no v1 or v1a signature");
            }
            if (asymmetric.size() > MAX_ASYMMETRIC_ENTRIES) {
                throw new SignatureException(name + " header has more than " + MAX_ASYMMETRIC_ENTRIES + " v1a signatures");
            }
            return new Entries(symmetric, asymmetric);
        }

        private static byte[] decoded(String base64, int length, String name) {
            return SignatureEncoding.BASE64.decode(base64, length)
                    .orElseThrow(() -> new SignatureException(name + " header is malformed"));
        }
    }
}
