package io.bulwark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.SenderRun;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender examples of docs/senders, each run by its own interpreter against the test server as the docs tell a
 * reader to run it: a sample event and a file are both accepted and stored. An example whose interpreter this machine
 * lacks is skipped, saying which.
 */
@ExtendWith(ArquillianExtension.class)
class SenderExamplesIT {

    private static final Path EXAMPLES = Path.of("docs", "senders");

    private final String url = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final TestCredentials credentials = TestEnvironment.get().credentials();

    @TempDir
    Path directory;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void pythonStandardLibraryExampleIsAccepted() throws IOException {
        sampleEventIsAppliedAndAFileIsStoredUnderItsId("python3", "send_webhook.py");
    }

    @Test
    void nodeBuiltInsExampleIsAccepted() throws IOException {
        sampleEventIsAppliedAndAFileIsStoredUnderItsId("node", "send-webhook.mjs");
    }

    @Test
    void curlAndOpensslExampleIsAccepted() throws IOException {
        sampleEventIsAppliedAndAFileIsStoredUnderItsId("sh", "send-webhook.sh");
    }

    private void sampleEventIsAppliedAndAFileIsStoredUnderItsId(String interpreter, String example) throws IOException {
        Assumptions.assumeTrue(installed(interpreter), interpreter + " is not installed here: " + example + " is not tried");
        Assumptions.assumeTrue(!example.endsWith(".sh") || (installed("curl") && installed("openssl")),
                "curl or openssl is not installed here: " + example + " is not tried");

        SenderRun sample = run(interpreter, example, TestCredentials.STANDARD_SOURCE);
        assertEquals(0, sample.status(), sample.output());
        assertTrue(sample.output().startsWith("HTTP 200\n"), sample.output());
        assertTrue(sample.output().contains("\"status\":\"PROCESSED\""), sample.output());

        String id = example + "-" + UUID.randomUUID();
        Path file = Files.writeString(directory.resolve("event.json"), "{\"id\": \"" + id + "\",\n \"type\": \"example.unknown\" }\n");
        SenderRun sent = run(interpreter, example, TestCredentials.STANDARD_SOURCE, file.toString(), id);
        assertEquals(0, sent.status(), sent.output());
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ?",
                TestCredentials.STANDARD_SOURCE, id));

        SenderRun refused = run(interpreter, example, "nosuchsource");
        assertEquals(2, refused.status(), refused.output());
        assertTrue(refused.output().contains("set WEBHOOK_SOURCES_NOSUCHSOURCE_SECRET"), refused.output());
    }

    private SenderRun run(String interpreter, String example, String... arguments) {
        List<String> command = new ArrayList<>(List.of(interpreter, EXAMPLES.resolve(example).toString()));
        command.addAll(List.of(arguments));
        return SenderRun.of(command, Map.of("WEBHOOK_SOURCES_ACME_SECRET", credentials.standardSecret(), "BULWARK_URL", url));
    }

    private static boolean installed(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, program)));
    }
}
