package io.bulwark.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Standard Webhooks (standardwebhooks.com): {@code webhook-signature} holds space-separated
 * {@code v1,<base64 HMAC-SHA256>} entries over {@code {webhook-id}.{webhook-timestamp}.{body}}, keyed with the
 * base64-decoded part of a {@code whsec_} secret. The delivery is accepted when any {@code v1} entry matches
 * under any of the source's keys; entries of other versions are ignored, but a {@code v1} entry that is not
 * base64 of a MAC makes the header malformed. The delivery id is {@code webhook-id}.
 */
public class StandardWebhooksVerifier implements SignatureVerifier {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    private static final String VERSION = "v1";

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
        String id = SignatureHeaders.required(request, ID);
        String timestamp = SignatureHeaders.required(request, TIMESTAMP);
        List<byte[]> signatures = v1Signatures(SignatureHeaders.required(request, SIGNATURE));
        SignedTimestamp.check(timestamp, TIMESTAMP, now, tolerance);

        byte[] signed = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        if (!keys.signedAny(key -> HmacAlgorithm.SHA256.compute(key, signed, request.body()), signatures)) {
            throw new SignatureException("signature does not match");
        }
        return Optional.of(id);
    }

    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                continue;
            }
            signatures.add(SignatureEncoding.BASE64.decode(entry.substring(comma + 1), HmacAlgorithm.SHA256.length())
                    .orElseThrow(() -> new SignatureException(SIGNATURE + " header is malformed")));
        }
        if (signatures.isEmpty()) {
            throw new SignatureException(SIGNATURE + " header has no v1 signature");
        }
        return signatures;
    }
}
