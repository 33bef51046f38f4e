package io.bulwark.webhook.signature;

import java.util.List;
import java.util.Optional;

/** Reads the single-valued headers the schemes depend on. */
final class SignatureHeaders {

    private SignatureHeaders() {
    }

    /**
     * The header's only value. Absent, blank or repeated is rejected: with two values there is no telling
     * which one the sender signed.
     */
    static String required(SignedRequest request, String name) {
        List<String> values = request.headers(name);
        if (values.isEmpty()) {
            throw new SignatureException("missing " + name + " header");
        }
        if (values.size() > 1) {
            throw new SignatureException(name + " header given more than once");
        }
        String value = values.get(0);
        if (value == null || value.isBlank()) {
            throw new SignatureException("empty " + name + " header");
        }
        return value.strip();
    }

    /** The header's only value, or empty when it is absent, blank or repeated. */
    static Optional<String> single(SignedRequest request, String name) {
        List<String> values = request.headers(name);
        if (values.size() != 1 || values.get(0) == null || values.get(0).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.get(0).strip());
    }
}
