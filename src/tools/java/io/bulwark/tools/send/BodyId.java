package io.bulwark.tools.send;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The top-level {@code "id"} string of a JSON object, found without a JSON library: nested objects and arrays are
 * skipped whole, so an {@code id} inside {@code data} is never taken for the event's.
 */
final class BodyId {

    private final String text;
    private int at;

    private BodyId(String text) {
        this.text = text;
    }

    /** The id, or empty when the body is not a JSON object with a string {@code id} at its top level. */
    static Optional<String> of(byte[] body) {
        try {
            return new BodyId(new String(body, StandardCharsets.UTF_8)).topLevelId();
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private Optional<String> topLevelId() {
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            return Optional.empty();
        }
        while (true) {
            skipSpace();
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (name.equals("id") && peek() == '"') {
                return Optional.of(string());
            }
            skipValue();
            skipSpace();
            if (peek() == '}') {
                return Optional.empty();
            }
            expect(',');
        }
    }

    private void skipValue() {
        char first = peek();
        if (first == '"') {
            string();
        } else if (first == '{' || first == '[') {
            skipNested();
        } else {
            while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
                at++;
            }
        }
    }

    private void skipNested() {
        int depth = 0;
        do {
            char c = peek();
            if (c == '"') {
                string();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            at++;
        } while (depth > 0);
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return text.charAt(at);
    }

    private void expect(char c) {
        if (text.charAt(at) != c) {
            throw new IllegalStateException("expected " + c);
        }
        at++;
    }
}
