package io.bulwark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads {@code /metrics} of any server of the run as Prometheus scrapes it, so that a fault test can show
 * what the application itself recorded of the fault (retries, transient failures, running executions).
 * Usable from the test JVM and inside the server.
 */
public final class MetricsScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MetricsScrape() {
    }

    /** The sum of the samples of {@code name} on {@code baseUrl}'s /metrics whose labels contain {@code label}. */
    public static double value(String baseUrl, String name, String label) {
        return PrometheusSamples.value(of(baseUrl), name, label);
    }

    public static String of(String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(baseUrl + "/metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
