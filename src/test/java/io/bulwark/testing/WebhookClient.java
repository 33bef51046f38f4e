package io.bulwark.testing;

import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to the server under test as a webhook sender (signing with the run's secrets) and as an admin,
 * from the test JVM.
 */
public final class WebhookClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final TestCredentials credentials = TestEnvironment.get().credentials();

    public TestCredentials credentials() {
        return credentials;
    }

    /** A correctly signed Standard Webhooks delivery to source {@code acme}, timestamped now. */
    public HttpResponse<String> sendStandard(String deliveryId, String body) {
        return sendStandard(deliveryId, body, Instant.now().getEpochSecond());
    }

    public HttpResponse<String> sendStandard(String deliveryId, String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/api/webhooks/" + TestCredentials.STANDARD_SOURCE, standardHeaders(deliveryId, timestamp, bytes), bytes);
    }

    public Map<String, String> standardHeaders(String deliveryId, long timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", deliveryId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signer.standard(credentials.standardSecret(), deliveryId, timestamp, body));
        return headers;
    }

    /** POSTs raw bytes with exactly these headers. */
    public HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * POSTs raw bytes with these header lines, in order. A name may appear more than once; each occurrence is
     * sent as a header line of its own, as a sender repeating a header would.
     */
    public HttpResponse<String> postHeaderLines(String path, List<Map.Entry<String, String>> headerLines, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headerLines.forEach(line -> request.header(line.getKey(), line.getValue()));
        return send(request.build());
    }

    /** An admin request with HTTP Basic credentials of the run's admin. */
    public HttpResponse<String> admin(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(credentials.adminUser(), credentials.adminPassword()))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** A request with no credentials or with the given Authorization header. */
    public HttpResponse<String> request(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static JsonObject object(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    public static JsonArray array(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readArray();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
