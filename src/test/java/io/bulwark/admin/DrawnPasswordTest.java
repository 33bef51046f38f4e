package io.bulwark.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-config/drawn-password.sh}, which server.env sources to give Liberty's default keystore and its LTPA
 * keys passwords that never have a built-in value, run under {@code /bin/sh} as bin/server runs it; shown here
 * for the keystore, and for the LTPA keys that nothing else touches.
 */
class DrawnPasswordTest {

    private static final Path SCRIPT = Path.of("server-config/drawn-password.sh");
    private static final Path SERVER_ENV = Path.of("server-config/server.env");
    private static final String[] KEYSTORE = {"KEYSTORE_PASSWORD", "key.p12", "keystore.password"};
    private static final String[] LTPA = {"LTPA_KEYS_PASSWORD", "ltpa.keys", "ltpa.password"};

    @TempDir
    Path userDirectory;
    private Path security;

    @BeforeEach
    void serverLayout() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        security = userDirectory.resolve("servers/bulwark/resources/security");
    }

    @Test
    void environmentPasswordIsUsedAsGiven() throws Exception {
        assertEquals("from-the-operator", run(Map.of("KEYSTORE_PASSWORD", "from-the-operator")).out);
        assertFalse(Files.exists(security.resolve("keystore.password")), "nothing drawn when one is given");
    }

    @Test
    void withoutOneAPasswordIsDrawnOnceAndKeptForTheKeystore() throws Exception {
        String first = run(Map.of()).out;
        assertTrue(first.matches("[0-9a-f]{48}"), first);
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(security.resolve("keystore.password")));

        Files.writeString(security.resolve("key.p12"), "the keystore Liberty made with it");
        assertEquals(first, run(Map.of()).out, "a restart opens the same keystore");
    }

    @Test
    void drawnKeystoreMakesWayForAnEnvironmentPassword() throws Exception {
        run(Map.of());
        Files.writeString(security.resolve("key.p12"), "generated, self-signed");

        assertEquals("now-set", run(Map.of("KEYSTORE_PASSWORD", "now-set")).out);
        assertFalse(Files.exists(security.resolve("key.p12")), "Liberty creates it again with the new password");
        assertFalse(Files.exists(security.resolve("keystore.password")));
    }

    @Test
    void keystoreOfUnknownPasswordIsLeftAloneAndHttpsStaysOff() throws Exception {
        Files.createDirectories(security);
        Files.writeString(security.resolve("key.p12"), "made with a password Bulwark does not know");

        Result result = run(Map.of());
        assertEquals("", result.out);
        assertTrue(result.err.contains("KEYSTORE_PASSWORD is not set"), result.err);
        assertTrue(Files.exists(security.resolve("key.p12")));
        assertFalse(Files.exists(security.resolve("keystore.password")));
    }

    @Test
    void ltpaKeysOfAnUnknownPasswordAreMadeAgainNotLeftUnopenable() throws Exception {
        Files.createDirectories(security);
        Files.writeString(security.resolve("ltpa.keys"), "made by an older Liberty with its built-in password");

        Result result = run(LTPA, Map.of());
        assertTrue(result.out.matches("[0-9a-f]{48}"), result.out + result.err);
        assertFalse(Files.exists(security.resolve("ltpa.keys")), "Liberty generates them again with the drawn password");
        assertEquals(result.out, Files.readString(security.resolve("ltpa.password")));
    }

    @Test
    void ltpaKeysGetTheirOwnPasswordNeverTheKeystores() throws Exception {
        String keystore = run(Map.of()).out;
        String ltpa = run(LTPA, Map.of()).out;

        assertTrue(ltpa.matches("[0-9a-f]{48}"), ltpa);
        assertFalse(ltpa.equals(keystore), "two files, two passwords");
        Files.writeString(security.resolve("ltpa.keys"), "keys Liberty generated with it");
        assertEquals(ltpa, run(LTPA, Map.of()).out, "a restart opens the same LTPA keys");
        assertEquals("operator-chosen", run(LTPA, Map.of("LTPA_KEYS_PASSWORD", "operator-chosen")).out);
        assertFalse(Files.exists(security.resolve("ltpa.keys")), "regenerated under the operator's password");
        assertEquals(keystore, run(Map.of()).out, "the keystore's password is untouched");
    }

    private record Result(String out, String err) {
    }

    private Result run(Map<String, String> environment) throws IOException, InterruptedException {
        return run(KEYSTORE, environment);
    }

    /**
     * Evaluates server.env's own line for the file's variable as bin/server does: in a shell where SERVER_NAME,
     * WLP_USER_DIR and SERVER_CONFIG_DIR are set but not exported, and prints the variable it assigned.
     */
    private Result run(String[] file, Map<String, String> environment) throws IOException, InterruptedException {
        String line = Files.readAllLines(SERVER_ENV).stream().filter(candidate -> candidate.startsWith(file[0] + "="))
                .findFirst().orElseThrow(() -> new AssertionError("server.env assigns no " + file[0]));
        String shell = "SERVER_CONFIG_DIR=$1; WLP_USER_DIR=$2; SERVER_NAME=bulwark\n" + line + "\nprintf '%s' \"$" + file[0] + "\"";
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", shell, "sh",
                SCRIPT.toAbsolutePath().getParent().toString(), userDirectory.toString());
        Map<String, String> env = builder.environment();
        env.remove("KEYSTORE_PASSWORD");
        env.remove("LTPA_KEYS_PASSWORD");
        env.remove("WLP_OUTPUT_DIR");
        env.remove("WLP_USER_DIR");
        env.remove("SERVER_NAME");
        env.remove("SERVER_CONFIG_DIR");
        env.putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the script did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), err);
        return new Result(out, err);
    }
}
