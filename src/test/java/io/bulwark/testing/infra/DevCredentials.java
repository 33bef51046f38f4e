package io.bulwark.testing.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run command's development credentials: a Standard Webhooks secret for source {@code demo}, an admin and a
 * reader. Drawn once into {@code .bulwark/dev.env} (owner-only, git-ignored) as {@code export} lines a shell can load
 * ({@code . .bulwark/dev.env}) and kept across runs, so the sender tool and curl in another terminal hold the same
 * values as the server.
 *
 * @param values each variable and its value, in the file's order
 */
public record DevCredentials(Map<String, String> values) {

    static final List<String> NAMES = List.of("WEBHOOK_SOURCES_DEMO_SECRET", "ADMIN_USER", "ADMIN_PASSWORD", "READER_USER",
            "READER_PASSWORD");

    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Z_][A-Z0-9_]*)=(?:'([^']*)'|\"([^\"]*)\"|(\\S*))\\s*$");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The credentials in {@code file}, drawn and written first if it does not exist yet, or completed with any
     * variable it lacks.
     */
    public static DevCredentials ensure(Path file) {
        try {
            Map<String, String> values = Files.exists(file) ? read(file) : new LinkedHashMap<>();
            if (values.keySet().containsAll(NAMES)) {
                return new DevCredentials(values);
            }
            Map<String, String> drawn = drawn();
            drawn.keySet().removeAll(values.keySet());
            values.putAll(drawn);
            write(file, values);
            return new DevCredentials(values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dev credentials in " + file, e);
        }
    }

    /**
     * Lines for a Liberty {@code server.env} with variable expansion that give the server named {@code server} these
     * values wherever the environment does not already set the variable; other servers of the same Liberty user
     * directory (the integration tests') are left alone.
     */
    public String serverEnvironment(String server) {
        StringBuilder lines = new StringBuilder("#enable_variable_expansion\n")
                .append("# Written by mvn -Pembedded-db from .bulwark/dev.env on every run: the dev server takes those credentials\n")
                .append("# unless the shell that starts it sets the variable.\n")
                .append("if [ \"${SERVER_NAME}\" = ").append(quoted(server)).append(" ]; then\n");
        values.forEach((name, value) -> lines.append("  ").append(name).append("=${").append(name).append(":-").append(quoted(value))
                .append("}\n  export ").append(name).append('\n'));
        return lines.append("fi\n").toString();
    }

    private static Map<String, String> drawn() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("WEBHOOK_SOURCES_DEMO_SECRET", "whsec_" + Base64.getEncoder().encodeToString(random(32)));
        values.put("ADMIN_USER", "admin");
        values.put("ADMIN_PASSWORD", Base64.getUrlEncoder().withoutPadding().encodeToString(random(18)));
        values.put("READER_USER", "reader");
        values.put("READER_PASSWORD", Base64.getUrlEncoder().withoutPadding().encodeToString(random(18)));
        return values;
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                String value = matcher.group(2) != null ? matcher.group(2) : matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
                values.put(matcher.group(1), value);
            }
        }
        return values;
    }

    private static void write(Path file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("""
                # Bulwark's development credentials, drawn once by mvn -Pembedded-db and kept; the dev server uses them
                # unless its shell sets the variable. Load them into a shell with:  . .bulwark/dev.env
                """);
        values.forEach((name, value) -> text.append("export ").append(name).append('=').append(quoted(value)).append('\n'));
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
