package io.bulwark.testing.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes Liberty configuration variables into a server's {@code configDropins/overrides}, which the server
 * reads at start after {@code server.xml}.
 */
public final class LibertyVariables {

    /** How strongly the written values hold. */
    public enum Strength {
        /** {@code value}: wins over environment variables; for a server the tests own entirely. */
        FIXED("value"),
        /** {@code defaultValue}: an environment variable of the same name still wins. */
        DEFAULT("defaultValue");

        private final String attribute;

        Strength(String attribute) {
            this.attribute = attribute;
        }
    }

    private LibertyVariables() {
    }

    public static void write(Path file, Map<String, String> variables, Strength strength) {
        String elements = variables.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "    <variable name=\"%s\" %s=\"%s\"/>".formatted(e.getKey(), strength.attribute, escape(e.getValue())))
                .collect(Collectors.joining("\n"));
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by Bulwark's test and run tooling; regenerated on every run. -->
                <server>
                %s
                </server>
                """.formatted(elements);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
