package io.bulwark.tools.send;

import io.bulwark.tools.signing.DeliverySigner;
import io.bulwark.tools.signing.SigningScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code java -jar bulwark-send.jar <source> [file|-]}: signs one delivery as the source's provider does and POSTs it
 * to {@code <url>/api/webhooks/<source>}; prints the answer's status and body. Exits 0 on a 2xx answer, 1 on any other
 * answer or none, 2 when the command line cannot be run (with the reason, never a stack trace).
 */
public final class BulwarkSend {

    static final String HELP = """
            Usage: java -jar bulwark-send.jar <source> [file|-] [options]

            Signs one delivery the way the source's provider does and POSTs it to <url>/api/webhooks/<source>.
            Without a file: a sample canonical account.created event for account acc_demo, with a fresh id.
            With a file (- for standard input): its bytes exactly as they are.

            Options (each source setting defaults to the variable the server reads it from):
              --url URL                  the Bulwark server (BULWARK_URL; default http://localhost:$HTTP_PORT, or :9080)
              --secret SECRET            the source's secret        (WEBHOOK_SOURCES_<NAME>_SECRET)
              --scheme SCHEME            standard, stripe, github, hmac or none (WEBHOOK_SOURCES_<NAME>_SCHEME; default standard)
              --id ID                    the delivery id (default: the body's "id", else a fresh one)
              --type TYPE                the sample's event type (default account.created); for github, X-GitHub-Event
              --header NAME:VALUE        an extra header; repeatable
              --hmac-header NAME         for hmac: the signature header          (WEBHOOK_SOURCES_<NAME>_HMAC_HEADER)
              --hmac-algorithm ALG       sha256, sha1 or sha512 (default sha256) (WEBHOOK_SOURCES_<NAME>_HMAC_ALGORITHM)
              --hmac-encoding ENC        hex or base64 (default hex)             (WEBHOOK_SOURCES_<NAME>_HMAC_ENCODING)
              --hmac-prefix PREFIX       text before the MAC, such as sha256=    (WEBHOOK_SOURCES_<NAME>_HMAC_PREFIX)
              --hmac-timestamp-header N  header of the signed timestamp          (WEBHOOK_SOURCES_<NAME>_HMAC_TIMESTAMP_HEADER)
              --hmac-id-header NAME      header of the delivery id               (WEBHOOK_SOURCES_<NAME>_HMAC_ID_HEADER)
              --help                     this text

            <NAME> is the source name in upper case with _ for - (pay-ops: WEBHOOK_SOURCES_PAY_OPS_SECRET).
            Exit status: 0 on a 2xx answer, 1 on another answer or none, 2 when the command line is refused.
            """;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private BulwarkSend() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    /**
     * Runs one command line.
     *
     * @param environment the variables the source's settings default to
     * @return the exit status
     */
    public static int run(String[] args, Map<String, String> environment, InputStream standardInput, PrintStream out,
                          PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(HELP);
            return 0;
        }
        SendOptions options;
        Delivery delivery;
        DeliverySigner signer;
        Instant now = Instant.now();
        try {
            options = SendOptions.parse(Arrays.asList(args), environment::get);
            delivery = Delivery.of(options, standardInput, now);
            signer = signer(options);
        } catch (UsageException e) {
            err.println("bulwark-send: " + e.getMessage());
            return 2;
        }
        HttpRequest request;
        try {
            request = request(options, delivery, signer, now);
        } catch (IllegalArgumentException e) {
            err.println("bulwark-send: cannot send that header: " + e.getMessage());
            return 2;
        }
        out.println("POST " + options.target() + "  (" + options.scheme().name().toLowerCase(Locale.ROOT) + ", delivery "
                + delivery.id() + ")");
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()
                    .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            out.println("HTTP " + response.statusCode());
            response.headers().firstValue("Retry-After").ifPresent(value -> out.println("Retry-After: " + value));
            if (!response.body().isEmpty()) {
                out.println(response.body());
            }
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (ConnectException e) {
            err.println("bulwark-send: nothing answers at " + options.target() + " (is the server running? see --url)");
            return 1;
        } catch (HttpTimeoutException e) {
            err.println("bulwark-send: no answer from " + options.target() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("bulwark-send: sending to " + options.target() + " failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bulwark-send: interrupted");
            return 1;
        }
    }

    private static DeliverySigner signer(SendOptions options) throws UsageException {
        try {
            return options.scheme().signer(options.secret(), options.hmac());
        } catch (IllegalArgumentException e) {
            throw new UsageException(options.secretOrigin() + ": " + e.getMessage());
        }
    }

    private static HttpRequest request(SendOptions options, Delivery delivery, DeliverySigner signer, Instant now) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        headers.putAll(signer.headers(delivery.id(), now.getEpochSecond(), delivery.body()));
        if (options.scheme() == SigningScheme.GITHUB) {
            options.type().or(() -> options.file().isEmpty() ? Optional.of(SampleEvent.TYPE) : Optional.empty())
                    .ifPresent(type -> headers.put("X-GitHub-Event", type));
        }
        headers.putAll(options.headers());
        HttpRequest.Builder builder = HttpRequest.newBuilder(options.target()).timeout(ANSWER_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        headers.forEach(builder::header);
        return builder.build();
    }
}
