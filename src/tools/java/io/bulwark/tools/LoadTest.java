package io.bulwark.tools;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Sends signed webhook deliveries to a deployed Bulwark and reports throughput, latency percentiles and the
 * answers by status. Bounded in count and time; see docs/load-test.md.
 *
 * <pre>
 * mvn -Pload compile exec:java -Dload.url=https://bulwark.example.com -Dload.source=acme \
 *     -Dload.count=10000 -Dload.duration=PT60S -Dload.concurrency=16      (secret in LOAD_SECRET)
 * </pre>
 *
 * Exits 2 when the settings are refused and 1 when any delivery was not acknowledged.
 */
public final class LoadTest {

    private LoadTest() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        LoadSettings settings;
        try {
            settings = LoadSettings.read(System::getProperty, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("Load test refused: " + e.getMessage());
            System.exit(2);
            return;
        }
        LoadRun run;
        try {
            run = new LoadRun(settings, settings.scheme().signer(settings.secret(), settings.hmac()));
        } catch (IllegalArgumentException e) {
            System.err.println("Load test refused: " + e.getMessage());
            System.exit(2);
            return;
        }
        LoadReport report = run.run();
        System.out.print(report.text());
        if (settings.report() != null) {
            Files.writeString(settings.report(), report.json() + "\n");
        }
        if (report.acknowledged() != report.sent()) {
            System.exit(1);
        }
    }
}
