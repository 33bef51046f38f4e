package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Everything the repository cites is in the repository: no file refers to a contract document or a shared
 * folder that a clone does not have. The patterns are written so that this file does not match them itself.
 */
class SelfContainedRepositoryTest {

    private static final Pattern OUTSIDE_REFERENCE = Pattern.compile("CONTRACT[.]md|[.][.]/shared\\b");
    private static final Set<String> NOT_THE_REPOSITORY = Set.of(".git", "target", ".bulwark", "node_modules");

    @Test
    void noFileCitesADocumentOutsideTheRepository() throws IOException {
        List<String> citations = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.walk(Path.of(""))) {
            for (Path file : files.filter(Files::isRegularFile).filter(SelfContainedRepositoryTest::inRepository).toList()) {
                String text = text(file);
                if (text == null) {
                    continue;
                }
                read++;
                String[] lines = text.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    Matcher citation = OUTSIDE_REFERENCE.matcher(lines[i]);
                    if (citation.find()) {
                        citations.add(file + ":" + (i + 1) + ": " + citation.group());
                    }
                }
            }
        }
        assertTrue(read > 100, "the repository's files were read: " + read);
        assertEquals(List.of(), citations, "cite the document in docs/ that holds it (docs/http-contract.md, docs/configuration.md)");
    }

    private static boolean inRepository(Path file) {
        for (Path part : file) {
            if (NOT_THE_REPOSITORY.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    /** The file as UTF-8 text, or null for a binary file. */
    private static String text(Path file) throws IOException {
        if (Files.size(file) > 4_000_000) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
