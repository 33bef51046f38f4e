package io.bulwark.bench;

import io.bulwark.testing.PrometheusSamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Group commit as the server's /metrics told it over one run: how many shared transactions, how many
 * deliveries each held on average, how long a forming group waited on average, and how many groups had to
 * be stored one by one.
 */
record GroupStats(long groups, double meanSize, double meanLingerMillis, long splits) {

    static final GroupStats NONE = new GroupStats(0, 0, 0, 0);

    /** The counters behind the figures, read from one scrape. */
    record Sample(double count, double sizeSum, double lingerSecondsSum, double splits) {

        static Sample scrape(String baseUrl) {
            try {
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return new Sample(value(metrics, "webhook_group_size_count"), value(metrics, "webhook_group_size_sum"),
                        value(metrics, "webhook_group_linger_seconds_sum"), value(metrics, "webhook_group_split_total"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot scrape " + baseUrl + "/metrics", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        GroupStats since(Sample before) {
            long groups = Math.round(count - before.count);
            return groups == 0 ? NONE : new GroupStats(groups, (sizeSum - before.sizeSum) / groups,
                    (lingerSecondsSum - before.lingerSecondsSum) * 1000 / groups, Math.round(splits - before.splits));
        }

        private static double value(String metrics, String name) {
            return PrometheusSamples.value(metrics, name, PrometheusSamples.APPLICATION);
        }
    }
}
