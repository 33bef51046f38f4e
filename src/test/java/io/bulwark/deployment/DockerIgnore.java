package io.bulwark.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore}, applied as the Docker builder applies them to decide what of the build
 * context it sends: a path is left out when the last rule that matches it, or one of its parent directories, is not
 * an exception ({@code !}). Patterns use {@code *} and {@code ?} within one path segment and {@code **} across any
 * number of them; a leading {@code /} is dropped.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean exception = text.startsWith("!");
            String pattern = exception ? text.substring(1).strip() : text;
            while (pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            while (pattern.endsWith("/") && pattern.length() > 1) {
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            rules.add(new Rule(Pattern.compile(regex(pattern)), exception));
        }
        return new DockerIgnore(rules);
    }

    /** Whether the builder is sent {@code path}, a path relative to the context root with {@code /} separators. */
    boolean sends(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.pattern(), path)) {
                excluded = !rule.exception();
            }
        }
        return !excluded;
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        String prefix = path;
        while (true) {
            if (pattern.matcher(prefix).matches()) {
                return true;
            }
            int slash = prefix.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            prefix = prefix.substring(0, slash);
        }
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                boolean slashFollows = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
