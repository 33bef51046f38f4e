package io.bulwark.webhook;

import io.bulwark.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a delivery body into a JSON object that PostgreSQL's {@code jsonb} accepts and that later steps can
 * walk safely: strict UTF-8, exactly one JSON object, at most {@value #MAX_DEPTH} levels deep, no U+0000 and
 * no unpaired surrogate in any string or key, and numbers of bounded precision and scale. Every value is
 * checked, members nobody reads included, because the caller stores the whole body.
 *
 * <p>The document is read as a stream and built on an explicit stack, and the depth limit is enforced
 * before a level is opened, so no input can exhaust the thread's stack.
 *
 * <p>Rejections are {@link ProblemException#badRequest 400}s naming the member by its path
 * ({@code data.transactions[3].note}); they never repeat a value. A key that could garble that path (long,
 * or not a plain identifier) is shown as {@code ?}. Thread-safe: it holds only JSON-P factories, which are.
 */
final class JsonBodyReader {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_PRECISION = 1000;
    static final int MAX_NUMBER_SCALE = 1000;
    /** Longest number text parsed at all; any sensibly written number within the limits above is shorter. */
    static final int MAX_NUMBER_TEXT = 4096;

    private static final Pattern PRINTABLE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());
    private final JsonBuilderFactory builders = Json.createBuilderFactory(Map.of());

    /**
     * @throws ProblemException 400 when the body is empty, not UTF-8, not one JSON object, or holds a value
     *                          PostgreSQL could not store or that breaks the limits above
     */
    JsonObject read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body is empty");
        }
        return build(decode(body));
    }

    private static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("body is not valid UTF-8");
        }
    }

    private JsonObject build(String text) {
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!hasNext(parser) || next(parser) != Event.START_OBJECT) {
                throw ProblemException.badRequest("body must be a JSON object");
            }
            List<Level> open = new ArrayList<>();
            open.add(new Level(builders.createObjectBuilder(), null, ""));
            JsonObject document = null;
            while (document == null) {
                Level current = open.get(open.size() - 1);
                switch (next(parser)) {
                    case KEY_NAME -> current.key = checkedKey(textOf(parser), open);
                    case START_OBJECT -> open.add(deeper(open, builders.createObjectBuilder(), null));
                    case START_ARRAY -> open.add(deeper(open, null, builders.createArrayBuilder()));
                    case END_OBJECT, END_ARRAY -> {
                        open.remove(open.size() - 1);
                        if (open.isEmpty()) {
                            document = current.build().asJsonObject();
                        } else {
                            open.get(open.size() - 1).add(current.build());
                        }
                    }
                    case VALUE_STRING -> current.add(checkedString(textOf(parser), open));
                    case VALUE_NUMBER -> current.add(checkedNumber(textOf(parser), open));
                    case VALUE_TRUE -> current.add(JsonValue.TRUE);
                    case VALUE_FALSE -> current.add(JsonValue.FALSE);
                    case VALUE_NULL -> current.add(JsonValue.NULL);
                }
            }
            if (hasNext(parser)) {
                throw notJson();
            }
            return document;
        }
    }

    private static Level deeper(List<Level> open, JsonObjectBuilder object, JsonArrayBuilder array) {
        if (open.size() == MAX_DEPTH) {
            throw ProblemException.badRequest("body must not nest deeper than " + MAX_DEPTH
                    + " levels (exceeded under " + path(open.subList(0, 2), "") + ")");
        }
        return new Level(object, array, open.get(open.size() - 1).childSegment());
    }

    private static String checkedKey(String key, List<Level> open) {
        String flaw = storageFlaw(key);
        if (flaw != null) {
            throw ProblemException.badRequest(path(open, "") + " must not have a key containing " + flaw);
        }
        return key;
    }

    private static String checkedString(String value, List<Level> open) {
        String flaw = storageFlaw(value);
        if (flaw != null) {
            throw ProblemException.badRequest(valuePath(open) + " must not contain " + flaw);
        }
        return value;
    }

    private static BigDecimal checkedNumber(String text, List<Level> open) {
        if (text.length() > MAX_NUMBER_TEXT) {
            throw ProblemException.badRequest(valuePath(open) + " must be a number written in at most "
                    + MAX_NUMBER_TEXT + " characters");
        }
        try {
            BigDecimal number = new BigDecimal(text);
            if (number.precision() <= MAX_NUMBER_PRECISION && Math.abs(number.scale()) <= MAX_NUMBER_SCALE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Only an exponent beyond int range gets here, which is out of bounds like any other.
        }
        throw ProblemException.badRequest(valuePath(open) + " must be a number of at most " + MAX_NUMBER_PRECISION
                + " digits with a scale within -" + MAX_NUMBER_SCALE + " to " + MAX_NUMBER_SCALE);
    }

    /**
     * What PostgreSQL would refuse in this text, or null. jsonb cannot hold U+0000 at all, and rejects a
     * surrogate escape without its partner; strict UTF-8 decoding leaves escapes as the only way in.
     */
    private static String storageFlaw(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }

    private static String valuePath(List<Level> open) {
        return path(open, open.get(open.size() - 1).childSegment());
    }

    private static String path(List<Level> levels, String last) {
        StringBuilder path = new StringBuilder();
        levels.forEach(level -> path.append(level.segment));
        path.append(last);
        if (path.length() == 0) {
            return "body";
        }
        // The root is always an object, so every path starts with ".member".
        return path.substring(1);
    }

    private static boolean hasNext(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (RuntimeException e) {
            throw notJson();
        }
    }

    private static Event next(JsonParser parser) {
        try {
            return parser.next();
        } catch (RuntimeException e) {
            throw notJson();
        }
    }

    private static String textOf(JsonParser parser) {
        try {
            return parser.getString();
        } catch (RuntimeException e) {
            throw notJson();
        }
    }

    // The parser's own message quotes the input, so it is never passed on.
    private static ProblemException notJson() {
        return ProblemException.badRequest("body is not valid JSON");
    }

    /** One object or array still open, with how its parent names it. */
    private static final class Level {

        private final JsonObjectBuilder object;
        private final JsonArrayBuilder array;
        private final String segment;
        private String key;
        private int size; // members added so far; names the next array item

        Level(JsonObjectBuilder object, JsonArrayBuilder array, String segment) {
            this.object = object;
            this.array = array;
            this.segment = segment;
        }

        String childSegment() {
            if (object == null) {
                return "[" + size + "]";
            }
            return "." + (PRINTABLE_KEY.matcher(key).matches() ? key : "?");
        }

        void add(JsonValue value) {
            if (object == null) {
                array.add(value);
            } else {
                object.add(key, value);
            }
            size++;
        }

        void add(String value) {
            if (object == null) {
                array.add(value);
            } else {
                object.add(key, value);
            }
            size++;
        }

        void add(BigDecimal value) {
            if (object == null) {
                array.add(value);
            } else {
                object.add(key, value);
            }
            size++;
        }

        JsonValue build() {
            return object == null ? array.build() : object.build();
        }
    }
}
