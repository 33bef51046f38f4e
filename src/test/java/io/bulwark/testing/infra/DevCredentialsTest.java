package io.bulwark.testing.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's dev credentials: drawn once, private, kept, and given to the dev server only where the shell gives none. */
class DevCredentialsTest {

    @TempDir
    Path directory;

    @Test
    void drawnOnceIntoAnOwnerOnlyFileAndKept() throws IOException {
        Path file = directory.resolve(".bulwark/dev.env");

        DevCredentials first = DevCredentials.ensure(file);
        DevCredentials second = DevCredentials.ensure(file);

        assertEquals(first, second);
        assertEquals(DevCredentials.NAMES, List.copyOf(first.values().keySet()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("admin", first.values().get("ADMIN_USER"));
        assertEquals("reader", first.values().get("READER_USER"));
        String secret = first.values().get("WEBHOOK_SOURCES_DEMO_SECRET");
        assertTrue(secret.startsWith("whsec_"), secret);
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
        assertTrue(first.values().get("ADMIN_PASSWORD").length() >= 24);
        assertTrue(!first.values().get("ADMIN_PASSWORD").equals(first.values().get("READER_PASSWORD")));
    }

    @Test
    void aShellThatSourcesTheFileHasEveryVariable() throws Exception {
        Path file = directory.resolve("dev.env");
        DevCredentials credentials = DevCredentials.ensure(file);

        String printed = shell(". " + file + " && sh -c 'echo $ADMIN_USER $ADMIN_PASSWORD $READER_USER $READER_PASSWORD $WEBHOOK_SOURCES_DEMO_SECRET'",
                Map.of());

        Map<String, String> values = credentials.values();
        assertEquals(String.join(" ", values.get("ADMIN_USER"), values.get("ADMIN_PASSWORD"), values.get("READER_USER"),
                values.get("READER_PASSWORD"), values.get("WEBHOOK_SOURCES_DEMO_SECRET")), printed);
    }

    @Test
    void aFileMissingAVariableIsCompletedAndKeepsTheRest() throws IOException {
        Path file = directory.resolve("dev.env");
        Files.writeString(file, "export ADMIN_USER='me'\nexport ADMIN_PASSWORD=\"pw\"\n");

        DevCredentials credentials = DevCredentials.ensure(file);

        assertEquals("me", credentials.values().get("ADMIN_USER"));
        assertEquals("pw", credentials.values().get("ADMIN_PASSWORD"));
        assertEquals(credentials, DevCredentials.ensure(file));
        assertTrue(Files.readString(file).contains("export READER_USER='reader'"));
    }

    @Test
    void devServerTakesTheValuesTheShellLeavesUnsetAndOtherServersNone() throws Exception {
        DevCredentials credentials = DevCredentials.ensure(directory.resolve("dev.env"));
        Path serverEnv = Files.writeString(directory.resolve("server.env"), credentials.serverEnvironment("bulwark"));
        String print = ". " + serverEnv + " && sh -c 'echo \"$ADMIN_USER|$READER_PASSWORD\"'";

        assertEquals("admin|" + credentials.values().get("READER_PASSWORD"), shell(print, Map.of("SERVER_NAME", "bulwark")));
        assertEquals("ops|" + credentials.values().get("READER_PASSWORD"),
                shell(print, Map.of("SERVER_NAME", "bulwark", "ADMIN_USER", "ops")));
        assertEquals("|", shell(print, Map.of("SERVER_NAME", "bulwark-it")));
    }

    private static String shell(String script, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("ADMIN_USER", "ADMIN_PASSWORD", "READER_USER", "READER_PASSWORD",
                "WEBHOOK_SOURCES_DEMO_SECRET", "SERVER_NAME"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
