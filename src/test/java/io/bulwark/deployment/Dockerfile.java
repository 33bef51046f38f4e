package io.bulwark.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/Dockerfile read into its stages and instructions: comments dropped, backslash-continued lines joined, as
 * the builder reads them. Only the forms the file uses are understood (COPY with {@code --chown}/{@code --from},
 * ENV with {@code KEY=value} pairs); anything else fails loudly rather than being misread.
 */
final class Dockerfile {

    static final Path PATH = Path.of("docker", "Dockerfile");
    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    record Instruction(String keyword, String arguments) {
    }

    /** A COPY: from the build context when {@code from} is null, else from that stage. */
    record Copy(String from, List<String> sources, String destination) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            all("ENV").forEach(env -> environment.putAll(variables(env)));
            return environment;
        }

        List<Copy> copies() {
            return all("COPY").stream().map(Dockerfile::copy).toList();
        }
    }

    /** The variables an ENV instruction sets, in order. */
    static Map<String, String> variables(Instruction env) {
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher matcher = VARIABLE.matcher(env.arguments());
        int end = 0;
        while (matcher.find()) {
            if (!env.arguments().substring(end, matcher.start()).isBlank()) {
                throw new IllegalStateException("ENV not in KEY=value form: " + env.arguments());
            }
            variables.put(matcher.group(1), matcher.group(2).replaceAll("^\"|\"$", ""));
            end = matcher.end();
        }
        if (end == 0 || !env.arguments().substring(end).isBlank()) {
            throw new IllegalStateException("ENV not in KEY=value form: " + env.arguments());
        }
        return variables;
    }

    static Copy copy(Instruction copy) {
        List<String> words = new ArrayList<>(List.of(copy.arguments().trim().split("\\s+")));
        String from = null;
        while (words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) {
                from = flag.substring("--from=".length());
            } else if (!flag.startsWith("--chown=")) {
                throw new IllegalStateException("COPY flag not understood: " + flag);
            }
        }
        return new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
    }

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = stages;
    }

    static Dockerfile read() throws IOException {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(PATH)) {
            String text = line.strip();
            if (text.startsWith("#") || (text.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (text.endsWith("\\")) {
                current.append(text, 0, text.length() - 1).append(' ');
            } else {
                current.append(text);
                logical.add(current.toString().strip());
                current.setLength(0);
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (String instruction : logical) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split("\\s+");
                String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
                stages.add(new Stage(from[0], name, new ArrayList<>()));
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    List<Stage> stages() {
        return stages;
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }
}
