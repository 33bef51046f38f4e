package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The root {@code .dockerignore} keeps secrets, build output and tests out of what {@code docker build} sends, and
 * still sends every file docker/Dockerfile copies from the build context.
 */
class DockerIgnoreTest {

    private static final List<String> NEVER_SENT = List.of(
            "docker/bulwark.env",
            "docker/database.env",
            "docker/userlist.txt",
            ".bulwark/dev.env",
            ".bulwark/postgres/PG_VERSION",
            "target/bulwark.war",
            "target/classes/io/bulwark/BulwarkApplication.class",
            "target/test-classes/io/bulwark/deployment/ImageContentsIT.class",
            "target/liberty/wlp/usr/servers/bulwark/resources/security/key.p12",
            "target/liberty/wlp/usr/servers/bulwark/resources/security/ltpa.keys",
            "src/test/java/io/bulwark/deployment/ImageContentsIT.java",
            "src/test/resources/arquillian.xml",
            ".git/config",
            ".git",
            ".idea/workspace.xml",
            "bulwark.iml",
            ".vscode/settings.json",
            "docker/k8s/secret.yaml");

    private final DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));

    DockerIgnoreTest() throws IOException {
    }

    @Test
    void secretsBuildOutputAndTestsAreNotSentToTheBuilder() {
        for (String path : NEVER_SENT) {
            assertFalse(ignore.sends(path), path + " would be sent to the image builder");
        }
    }

    @Test
    void everyFileTheDockerfileCopiesFromTheContextIsSent() throws IOException {
        int files = 0;
        for (Dockerfile.Stage stage : Dockerfile.read().stages()) {
            for (Dockerfile.Copy copy : stage.copies()) {
                if (copy.from() != null) {
                    continue;
                }
                for (String source : copy.sources()) {
                    Path path = Path.of(source);
                    assertTrue(Files.exists(path), source + " is copied by the Dockerfile but does not exist");
                    try (Stream<Path> walk = Files.walk(path)) {
                        for (Path file : walk.filter(Files::isRegularFile).toList()) {
                            assertTrue(ignore.sends(file.toString().replace('\\', '/')), file + " is copied but .dockerignore leaves it out");
                            files++;
                        }
                    }
                }
            }
        }
        assertTrue(files >= 10, "pom.xml, src/main and server-config: " + files + " files");
    }

    @Test
    void theBuildStageCompilesNoTestSources() throws IOException {
        Dockerfile.Stage build = Dockerfile.read().stages().get(0);
        assertEquals("build", build.name());
        List<String> sources = build.copies().stream().flatMap(c -> c.sources().stream()).toList();
        assertEquals(List.of("pom.xml", "src/main"), sources, "the build stage copies the pom (its own layer) and the main sources only");
        List<String> runs = build.all("RUN").stream().map(Dockerfile.Instruction::arguments).toList();
        assertTrue(runs.get(0).contains("dependency:go-offline"), "dependencies are resolved before the sources are copied: " + runs);
        assertTrue(runs.stream().filter(r -> r.contains(" package")).allMatch(r -> r.contains("-Dmaven.test.skip=true")),
                "maven.test.skip skips compiling the tests, not only running them: " + runs);
        assertFalse(ignore.sends("src/test/java/io/bulwark/ArchitectureTest.java"));
    }
}
