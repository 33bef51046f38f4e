package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md names every setting the server reads, so that an operator never has to read the code to
 * find one: every variable server-config/ declares, every key of microprofile-config.properties, every
 * {@code @ConfigProperty} of the application and the Fault Tolerance key of every policy. README stays a short
 * entry point, and no relative link in it or in docs/ leads nowhere.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final Path README = Path.of("README.md");
    private static final int README_MAX_LINES = 350;
    private static final List<Class<? extends Annotation>> FAULT_TOLERANCE =
            List.of(Retry.class, CircuitBreaker.class, Timeout.class, Bulkhead.class, Fallback.class, Asynchronous.class);
    private static final Pattern SERVER_VARIABLE = Pattern.compile("<variable\\s+name=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");

    private static String reference;
    private static JavaClasses application;

    @BeforeAll
    static void read() throws IOException {
        reference = Files.readString(REFERENCE);
        application = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.bulwark");
    }

    @Test
    void everyVariableOfServerConfigIsDocumented() throws IOException {
        Set<String> variables = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("server-config"))) {
            for (Path xml : files.filter(file -> file.toString().endsWith(".xml")).toList()) {
                Matcher variable = SERVER_VARIABLE.matcher(Files.readString(xml));
                while (variable.find()) {
                    variables.add(variable.group(1));
                }
            }
        }
        assertTrue(variables.contains("DB_HOST"), "server.xml's variables were found: " + variables);
        assertAllDocumented("server-config/*.xml variables", variables);
    }

    @Test
    void everyKeyOfMicroProfileConfigPropertiesIsDocumented() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            properties.load(reader);
        }
        assertTrue(properties.containsKey("webhook.retry-after-seconds"));
        assertAllDocumented("microprofile-config.properties keys", properties.stringPropertyNames());
    }

    @Test
    void everyConfigPropertyOfTheApplicationIsDocumented() {
        Set<String> names = new TreeSet<>();
        for (JavaClass type : application) {
            type.getFields().forEach(field -> field.tryGetAnnotationOfType(ConfigProperty.class)
                    .ifPresent(property -> names.add(named(property, type.getName() + "." + field.getName()))));
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                for (JavaParameter parameter : unit.getParameters()) {
                    parameter.tryGetAnnotationOfType(ConfigProperty.class)
                            .ifPresent(property -> names.add(named(property, unit.getFullName())));
                }
            }
        }
        assertTrue(names.contains("database.monitor.error-rate-min-operations") && names.contains("database.monitor.p95-threshold"),
                "constants used as names are read too: " + names);
        assertAllDocumented("@ConfigProperty names", names);
    }

    @Test
    void everyFaultTolerancePolicyHasItsOverrideKeyDocumented() {
        Set<String> keys = new TreeSet<>();
        for (JavaClass type : application) {
            for (Class<? extends Annotation> policy : FAULT_TOLERANCE) {
                if (type.isAnnotatedWith(policy)) {
                    keys.add(type.getName() + "/" + policy.getSimpleName() + "/");
                }
                for (JavaMethod method : type.getMethods()) {
                    if (method.isAnnotatedWith(policy)) {
                        keys.add(type.getName() + "/" + method.getName() + "/" + policy.getSimpleName() + "/");
                    }
                }
            }
        }
        assertTrue(keys.contains("io.bulwark.webhook.LoneCommits/commit/Retry/"), keys.toString());
        List<String> missing = keys.stream().filter(key -> !reference.contains("`" + key)).toList();
        assertEquals(List.of(), missing, "Fault Tolerance keys (<class>/<method>/<Annotation>/<parameter>) that "
                + REFERENCE + " does not give");
        for (String key : keys) {
            assertTrue(reference.contains("`" + environmentName(key)), "the environment variable form of " + key);
        }
    }

    @Test
    void readmeIsAShortEntryPoint() throws IOException {
        long lines = Files.readAllLines(README).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines; reference material belongs in docs/");
    }

    @Test
    void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        Path root = Path.of("").toAbsolutePath().normalize();
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            Matcher link = LINK.matcher(FENCE.matcher(Files.readString(document)).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? document : document.toAbsolutePath().getParent().resolve(file).normalize();
                if (!resolved.toAbsolutePath().normalize().startsWith(root) || !Files.exists(resolved)) {
                    broken.add(document + ": " + target + " (no such file in the repository)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md") && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(document + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** GitHub's anchors: the heading in lower case, without punctuation but - and _, spaces as -. */
    private static Set<String> anchors(Path document) throws IOException {
        Set<String> anchors = new TreeSet<>();
        String text = FENCE.matcher(Files.readString(document)).replaceAll("");
        for (String line : text.split("\n")) {
            if (line.matches("^#{1,6} .*")) {
                String heading = line.replaceFirst("^#+ ", "").trim().toLowerCase(Locale.ROOT);
                String anchor = heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = anchor;
                for (int n = 1; anchors.contains(unique); n++) {
                    unique = anchor + "-" + n;
                }
                anchors.add(unique);
            }
        }
        return anchors;
    }

    private static String named(ConfigProperty property, String where) {
        assertFalse(property.name().isEmpty(), where + ": name every @ConfigProperty, so that it can be documented");
        return property.name();
    }

    /** MicroProfile Config's environment form: every character but a letter or digit as _, upper case. */
    private static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void assertAllDocumented(String what, Set<String> names) {
        List<String> missing = names.stream().filter(name -> !reference.contains("`" + name + "`")).toList();
        assertEquals(List.of(), missing, what + " that " + REFERENCE + " does not name (in backquotes)");
    }
}
