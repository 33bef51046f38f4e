package io.bulwark.tools;

import io.bulwark.tools.signing.HmacSigner;
import io.bulwark.tools.signing.SigningScheme;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a load test sends, where, and how much. Every run is bounded twice: it stops after {@code count}
 * deliveries or after {@code duration}, whichever comes first, and both have limits of their own, so no
 * setting makes a run endless.
 *
 * @param target where deliveries are POSTed: {@code <url>/api/webhooks/<source>}
 * @param report a file the report is also written to as JSON, or null
 */
record LoadSettings(URI target, String source, SigningScheme scheme, String secret, HmacSigner.Format hmac, long count,
                    Duration duration, int concurrency, Duration timeout, Path report) {

    static final long MAX_COUNT = 10_000_000;
    static final Duration MAX_DURATION = Duration.ofHours(1);
    static final int MAX_CONCURRENCY = 512;

    /**
     * Reads {@code load.*} properties; the secret from {@code load.secret} or, kept out of the command line,
     * the environment variable {@code LOAD_SECRET}.
     *
     * @throws IllegalArgumentException naming the setting that is missing or out of bounds
     */
    static LoadSettings read(UnaryOperator<String> property, UnaryOperator<String> environment) {
        String url = required(property, "load.url");
        String source = required(property, "load.source");
        if (!source.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("load.source '" + source + "' is not a source name");
        }
        URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new IllegalArgumentException("load.url must be the http(s) URL of a Bulwark deployment, such as http://localhost:9080");
        }
        SigningScheme scheme = SigningScheme.parse(optional(property, "load.scheme").orElse("standard"));
        String secret = optional(property, "load.secret").orElse(environment.apply("LOAD_SECRET"));
        HmacSigner.Format hmac = scheme == SigningScheme.HMAC ? new HmacSigner.Format(
                optional(property, "load.hmac.header").orElse(null),
                optional(property, "load.hmac.algorithm").orElse("sha256"),
                optional(property, "load.hmac.encoding").orElse("hex"),
                optional(property, "load.hmac.prefix").orElse(""),
                optional(property, "load.hmac.timestamp-header"),
                optional(property, "load.hmac.id-header")) : null;
        long count = bounded(number(property, "load.count", "1000"), 1, MAX_COUNT, "load.count");
        Duration duration = duration(property, "load.duration", "PT60S");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("load.duration must be more than zero and at most " + MAX_DURATION + ", not " + duration);
        }
        int concurrency = (int) bounded(number(property, "load.concurrency", "8"), 1, MAX_CONCURRENCY, "load.concurrency");
        Duration timeout = duration(property, "load.timeout", "PT30S");
        Path report = optional(property, "load.report").map(Path::of).orElse(null);
        return new LoadSettings(URI.create(base + "/api/webhooks/" + source), source, scheme, secret, hmac, count, duration,
                concurrency, timeout, report);
    }

    private static String required(UnaryOperator<String> property, String name) {
        return optional(property, name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }

    private static Optional<String> optional(UnaryOperator<String> property, String name) {
        return Optional.ofNullable(property.apply(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static long number(UnaryOperator<String> property, String name, String defaultValue) {
        String value = optional(property, name).orElse(defaultValue);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static long bounded(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static Duration duration(UnaryOperator<String> property, String name, String defaultValue) {
        String value = optional(property, name).orElse(defaultValue);
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT30S, not '" + value + "'");
        }
    }
}
