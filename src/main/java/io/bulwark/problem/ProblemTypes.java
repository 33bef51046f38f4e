package io.bulwark.problem;

import java.net.URI;

/** The {@code type} URIs of Bulwark's problems: one per status, documented in docs/http-contract.md. */
public final class ProblemTypes {

    private static final String BASE = "https://bulwark.io/problems/";

    private ProblemTypes() {
    }

    public static URI forStatus(int status) {
        return URI.create(BASE + switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal-error" : "client-error";
        });
    }
}
