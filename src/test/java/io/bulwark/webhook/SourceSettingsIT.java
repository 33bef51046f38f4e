package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhook sources that cannot be used stop the application at start, every one of them named in the log by the
 * setting an operator would fix, none by its value, and the server is never ready. One server shows all the
 * cases, as the start reports every bad source at once.
 */
@ExtendWith(ArquillianExtension.class)
class SourceSettingsIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOO_LONG = "X".repeat(65);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void badSourcesStopTheApplicationFromStartingAndTheLogNamesEachSetting() throws IOException, InterruptedException {
        String notBase64 = "whsec_Not*Base64*" + HexFormat.of().formatHex(random(8));
        String good = "whsec_" + Base64.getEncoder().encodeToString(random(32));
        String tooShort = "whsec_" + Base64.getEncoder().encodeToString(random(8));
        Path badMapping = Files.writeString(Files.createTempFile("bad-mapping", ".jsonata"), "type = ");
        Map<String, String> bad = new HashMap<>(Map.of(
                "WEBHOOK_SOURCES_BADMAP_SCHEME", "none",
                "WEBHOOK_SOURCES_BADMAP_MAPPING", badMapping.toString()));
        bad.putAll(Map.of(
                "WEBHOOK_SOURCES_BADKEY_SECRET", notBase64,
                "WEBHOOK_SOURCES_ROTATING_SECRET", good + " " + tooShort,
                "WEBHOOK_SOURCES_ODD_SCHEME", "hmac-sha1",
                "WEBHOOK_SOURCES_ODD_SECRET", good,
                "WEBHOOK_SOURCES_" + TOO_LONG + "_SECRET", good,
                "WEBHOOK_SOURCES_ODDHMAC_SCHEME", "hmac",
                "WEBHOOK_SOURCES_ODDHMAC_SECRET", good,
                "WEBHOOK_SOURCES_ODDHMAC_HMAC_HEADER", "X-Signature",
                "WEBHOOK_SOURCES_ODDHMAC_HMAC_ALGORITHM", "md5"));
        List<String> named = List.of("WEBHOOK_SOURCES_BADKEY_SECRET", "WEBHOOK_SOURCES_ROTATING_SECRET",
                "WEBHOOK_SOURCES_ODD_SCHEME", "WEBHOOK_SOURCES_" + TOO_LONG + "_SECRET", "WEBHOOK_SOURCES_ODDHMAC_HMAC_ALGORITHM",
                "WEBHOOK_SOURCES_BADMAP_MAPPING names " + badMapping + ", which does not compile");

        try (LibertyServer server = LibertyServer.startUnready("bulwark-badsources", TestEnvironment.get().applicationDatabasePort(), bad)) {
            assertTrue(server.awaitStatus("/health/ready", 503, Duration.ofSeconds(90)), "never ready");
            String log = awaitLogNaming(server, named, Duration.ofSeconds(30));
            named.forEach(setting -> assertTrue(log.contains(setting), "the log names " + setting));
            for (String goodSource : List.of("ACME", "SHOPIFY", "ASYMMETRIC")) {
                assertFalse(log.contains("WEBHOOK_SOURCES_" + goodSource), "a good source is not reported: " + goodSource);
            }
            for (String secret : List.of(notBase64.substring("whsec_".length()), good.substring("whsec_".length()),
                    tooShort.substring("whsec_".length()))) {
                assertFalse(log.contains(secret), "the log holds no secret");
            }
            assertFalse(server.awaitStatus("/health/ready", 200, Duration.ofSeconds(5)), "still not ready once it has failed");
        } finally {
            Files.delete(badMapping);
        }
    }

    /** The server's log once it names every setting, or as it is when the time is up. */
    private static String awaitLogNaming(LibertyServer server, List<String> settings, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String log = Files.readString(server.log());
        while (!settings.stream().allMatch(log::contains) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            log = Files.readString(server.log());
        }
        return log;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
