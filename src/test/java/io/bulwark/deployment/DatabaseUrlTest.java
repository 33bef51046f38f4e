package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DATABASE_URL conversion exactly as a server start runs it: {@code server-config/database-url.sh} under
 * each POSIX shell installed here (Debian's dash is /bin/sh, the container image's /bin/sh is bash), its output
 * evaluated as {@code server.env} evaluates it.
 */
class DatabaseUrlTest {

    private static final Path SCRIPT = Path.of("server-config/database-url.sh");
    private static final List<String> VARIABLES = List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_SSLMODE");

    /** What a run left: the DB_* variables after evaluation, or the exit code and standard error. */
    record Result(int exitCode, Map<String, String> variables, String error) {
    }

    static Stream<String> shells() {
        return Stream.of("/bin/dash", "/bin/bash").filter(shell -> Files.isExecutable(Path.of(shell)));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void everyPartOfAFullUrlBecomesItsVariable(String shell) {
        Result result = run(shell, "postgresql://bulwark_app:s3cret@db.internal:6432/bulwark?sslmode=require", Map.of());

        assertEquals(Map.of("DB_HOST", "db.internal", "DB_PORT", "6432", "DB_NAME", "bulwark", "DB_USER", "bulwark_app",
                "DB_PASSWORD", "s3cret", "DB_SSLMODE", "require"), result.variables(), result.error());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void userPasswordAndDatabaseArePercentDecoded(String shell) {
        Result result = run(shell, "postgres://app%40corp:p%40ss%3Aw%2Frd%25%27%22%24%28x%29%20%C3%A9@db/my%20db", Map.of());

        assertEquals("app@corp", result.variables().get("DB_USER"));
        assertEquals("p@ss:w/rd%'\"$(x) é", result.variables().get("DB_PASSWORD"), "quotes and $(...) stay text through eval");
        assertEquals("my db", result.variables().get("DB_NAME"));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void partsLeftOutKeepTheirDefaults(String shell) {
        Result result = run(shell, "postgresql://db.internal/bulwark", Map.of());

        assertEquals(Map.of("DB_HOST", "db.internal", "DB_NAME", "bulwark"), result.variables());
        assertEquals(Map.of("DB_HOST", "h", "DB_NAME", "d", "DB_USER", "u"), run(shell, "postgresql://u@h/d", Map.of()).variables(),
                "a user without a password leaves DB_PASSWORD alone");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void ipv6HostKeepsTheBracketsPgJdbcNeeds(String shell) {
        assertEquals(Map.of("DB_HOST", "[::1]", "DB_PORT", "5433", "DB_NAME", "d"), run(shell, "postgresql://[::1]:5433/d", Map.of()).variables());
        assertEquals(Map.of("DB_HOST", "[fe80::1:2]", "DB_NAME", "d"), run(shell, "postgresql://[fe80::1:2]/d", Map.of()).variables());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void withoutDatabaseUrlNothingIsSet(String shell) {
        Result result = run(shell, "", Map.of("DB_HOST", "pgbouncer"));

        assertEquals(0, result.exitCode());
        assertEquals(Map.of("DB_HOST", "pgbouncer"), result.variables());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void agreeingVariablesMayStayBesideTheUrl(String shell) {
        Result result = run(shell, "postgresql://u:pw@h:5432/d", Map.of("DB_HOST", "h", "DB_PORT", "5432", "DB_PASSWORD", "pw"));

        assertEquals(0, result.exitCode(), result.error());
        assertEquals("h", result.variables().get("DB_HOST"));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void disagreementNamesTheVariableAndNeverShowsAPassword(String shell) {
        assertRefused(run(shell, "postgresql://u:pw@h:5432/d", Map.of("DB_PORT", "6432")),
                "DATABASE_URL and DB_PORT are both set and disagree: the URL gives '5432', DB_PORT is '6432'; set only one of them");
        assertRefused(run(shell, "postgresql://u:pw@h:5432/d", Map.of("DB_HOST", "pgbouncer")),
                "DATABASE_URL and DB_HOST are both set and disagree: the URL gives 'h', DB_HOST is 'pgbouncer'; set only one of them");
        Result password = run(shell, "postgresql://u:url-secret@h/d", Map.of("DB_PASSWORD", "env-secret"));
        assertRefused(password, "DATABASE_URL and DB_PASSWORD are both set and disagree (the passwords are not shown); set only one of them");
        assertFalse(password.error().contains("secret"));
        assertRefused(run(shell, "postgresql://h/d?sslmode=require", Map.of("DB_SSLMODE", "disable")),
                "DATABASE_URL and DB_SSLMODE are both set and disagree: the URL gives 'require', DB_SSLMODE is 'disable'; set only one of them");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void badUrlsAreRefusedWithTheReasonAndWithoutThePassword(String shell) {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("mysql://u:pw@h/d", "DATABASE_URL must start with postgresql:// or postgres://, not mysql://");
        refusals.put("db.internal:5432/bulwark", "DATABASE_URL must start with postgresql:// or postgres://");
        refusals.put("postgresql://u:pw@h:5432", "DATABASE_URL names no database: add /name after the host");
        refusals.put("postgresql://u:pw@h/", "DATABASE_URL names no database: add /name after the host");
        refusals.put("postgresql://u:pw@/d", "DATABASE_URL names no host");
        refusals.put("postgresql://u:pw@h:54x2/d", "DATABASE_URL has a port that is not a number");
        refusals.put("postgresql://u:pw@h:/d", "DATABASE_URL has a port that is not a number");
        refusals.put("postgresql://u:pw@h:70000/d", "DATABASE_URL has port 70000, outside 1-65535");
        refusals.put("postgresql://u:pw@[::1/d", "DATABASE_URL has an IPv6 host without its closing ]");
        refusals.put("postgresql://u:p%4@h/d",
                "DATABASE_URL has a % in the password that is not followed by two hexadecimal digits (write a literal % as %25)");
        refusals.put("postgresql://u:p%00@h/d", "DATABASE_URL has %00 in the password: a NUL character cannot be passed on");
        refusals.put("postgresql://:pw@h/d", "DATABASE_URL has a password but no user name");
        refusals.put("postgresql://u:pw@h/a/b", "DATABASE_URL has a / in its database name (write it as %2F)");
        refusals.put("postgresql://u:pw@h/d?sslmode=maybe",
                "DATABASE_URL has sslmode 'maybe': use disable, allow, prefer, require, verify-ca or verify-full");
        refusals.put("postgresql://u:pw@h/d?sslmode=require&connect_timeout=3",
                "DATABASE_URL parameter 'connect_timeout' is not supported: only sslmode is");
        refusals.put("postgresql://u:pw@h/d#x", "DATABASE_URL must not have a #fragment");
        refusals.forEach((url, reason) -> {
            Result result = run(shell, url, Map.of());
            assertRefused(result, reason);
            assertFalse(result.error().contains("pw@"), "the URL is not repeated: " + result.error());
        });
    }

    private static void assertRefused(Result result, String reason) {
        assertEquals(2, result.exitCode(), result.error());
        assertEquals("Bulwark cannot start: " + reason, result.error().strip());
        assertTrue(result.variables().isEmpty(), "a refused URL sets nothing: " + result.variables());
    }

    /**
     * Runs the script as server.env does ({@code eval "$(sh script || echo exit 2)"}) in {@code shell} with only
     * DATABASE_URL and {@code environment} set, and reports the DB_* variables that are set after it.
     */
    private static Result run(String shell, String databaseUrl, Map<String, String> environment) {
        StringBuilder report = new StringBuilder("eval \"$(" + shell + " \"$0\" || echo exit 2)\"\n");
        for (String variable : VARIABLES) {
            report.append("[ -n \"${").append(variable).append("+set}\" ] && printf '%s=%s\\0' ").append(variable)
                    .append(" \"$").append(variable).append("\"\n");
        }
        report.append("exit 0\n");
        ProcessBuilder builder = new ProcessBuilder(shell, "-c", report.toString(), SCRIPT.toAbsolutePath().toString());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        if (!databaseUrl.isEmpty()) {
            builder.environment().put("DATABASE_URL", databaseUrl);
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(shell + " did not finish");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            int exitCode = process.exitValue();
            if (exitCode == 0) {
                for (String pair : new String(out, StandardCharsets.UTF_8).split("\0")) {
                    if (!pair.isEmpty()) {
                        variables.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                    }
                }
            }
            return new Result(exitCode, variables, error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
