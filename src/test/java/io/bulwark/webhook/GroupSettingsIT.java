package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A group commit setting that cannot work stops the application at start, naming the setting, and is never ready. */
@ExtendWith(ArquillianExtension.class)
class GroupSettingsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void aGroupSizeOfZeroStopsTheApplicationFromStarting() throws IOException {
        try (LibertyServer server = LibertyServer.startUnready("bulwark-badgroup", TestEnvironment.get().applicationDatabasePort(),
                Map.of("WEBHOOK_GROUP_MAX_SIZE", "0"))) {
            assertTrue(server.awaitStatus("/health/ready", 503, Duration.ofSeconds(90)), "never ready");
            String log = Files.readString(server.log());
            assertTrue(log.contains("webhook.group.max-size (0)"), "the log names the setting");
            assertTrue(server.awaitStatus("/health/ready", 503, Duration.ofSeconds(1)), "still not ready once it has failed");
        }
    }
}
