package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules as Prometheus reads them: {@code promtool check rules} accepts them and the
 * scrape configuration, and {@code promtool test rules} shows every rule firing on the series that should
 * make it fire (docker/prometheus/alerts-test.yml). Without promtool (Debian package {@code prometheus}) the
 * tests are skipped, unless {@code -DrequirePromtool=true} (CI), which makes its absence fail the run.
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS = Path.of("docker", "prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @BeforeAll
    static void promtoolIsInstalled() {
        boolean installed = Files.isExecutable(PROMTOOL);
        if (!installed && Boolean.getBoolean("bulwark.requirePromtool")) {
            throw new IllegalStateException("promtool is not installed but -DrequirePromtool=true: install it "
                    + "(Debian: apt-get install --no-install-recommends prometheus)");
        }
        Assumptions.assumeTrue(installed, "promtool is not installed (apt-get install --no-install-recommends prometheus)");
    }

    @Test
    void rulesAreValid() throws Exception {
        String output = promtool("check", "rules", "alerts.yml");
        assertTrue(output.contains("SUCCESS: 9 rules found"), output);
    }

    @Test
    void scrapeConfigurationLoadsTheRules() throws Exception {
        String output = promtool("check", "config", "prometheus.yml");
        assertTrue(output.contains("1 rule files found"), output);
    }

    @Test
    void everyRuleFiresOnTheSeriesMeantToFireIt() throws Exception {
        String output = promtool("test", "rules", "alerts-test.yml");
        assertTrue(output.contains("SUCCESS"), output);
        String rules = Files.readString(PROMETHEUS.resolve("alerts.yml"));
        String tests = Files.readString(PROMETHEUS.resolve("alerts-test.yml"));
        rules.lines().map(String::trim).filter(line -> line.startsWith("- alert: "))
                .map(line -> line.substring("- alert: ".length()))
                .forEach(alert -> assertTrue(tests.contains("alertname: " + alert), alert + " has a unit test"));
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool " + String.join(" ", arguments) + " finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
