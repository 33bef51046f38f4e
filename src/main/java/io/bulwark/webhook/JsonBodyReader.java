package io.bulwark.webhook;

import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.JsonScanner.Token;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a delivery body in one pass over its bytes against what PostgreSQL's {@code jsonb} accepts and
 * later steps can walk safely, and keeps only the members a {@link Selection} names: strict UTF-8, exactly
 * one JSON object, at most {@value #MAX_DEPTH} levels deep, no U+0000 and no unpaired surrogate in any
 * string or key, and numbers of at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point and
 * {@value #MAX_FRACTION_DIGITS} after it as {@code jsonb} writes them out, so that whatever is stored is
 * accepted again when it is read back. Every value is checked, members nobody keeps included, because the
 * caller stores the whole body.
 *
 * <p>Nothing but the kept members is decoded or built, and the nesting is tracked on a stack of at most
 * {@value #MAX_DEPTH} levels that is checked before a level opens, so neither a long body nor a deep one
 * costs more than its selection keeps, nor exhausts the thread's stack. Duplicate keys keep the last value,
 * as {@code jsonb} does.
 *
 * <p>Rejections are {@link ProblemException#badRequest 400}s naming the member by its path
 * ({@code data.transactions[3].note}); they never repeat a value. A key that could garble that path (long,
 * or not a plain identifier) is shown as {@code ?}. A body that is not strict UTF-8 is refused as such
 * whatever else is wrong with it. Thread-safe.
 */
final class JsonBodyReader {

    static final int MAX_DEPTH = 64;
    static final int MAX_INTEGER_DIGITS = 1000;
    static final int MAX_FRACTION_DIGITS = 1000;
    /** Longest number text accepted; any sensibly written number within the limits above is shorter. */
    static final int MAX_NUMBER_TEXT = 4096;

    private static final Pattern PRINTABLE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final JsonProvider json = JsonProvider.provider();

    /**
     * @param keep what to keep of the body, an object selection
     * @return the body's object with only the selected members
     * @throws ProblemException 400 when the body is empty, not UTF-8, not one JSON object, or holds a value
     *                          PostgreSQL could not store or that breaks the limits above; or when an array
     *                          has more items than its selection allows and the selection refuses that
     */
    JsonObject read(byte[] body, Selection keep) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body is empty");
        }
        try {
            return new Walk(body, keep, json).document();
        } catch (ProblemException e) {
            // Reading stopped at the first fault; the bytes after it may still break the first rule.
            JsonScanner.requireUtf8(body);
            throw e;
        }
    }

    /** What may come next inside the innermost open object or array. */
    private enum Expect { KEY_OR_END, KEY, COLON, VALUE_OR_END, VALUE, COMMA_OR_END }

    /** One reading of one body: the scanner and the levels open in it. */
    private static final class Walk {

        private final JsonScanner scanner;
        private final Selection keep;
        private final JsonProvider json;
        private final Level[] open = new Level[MAX_DEPTH];
        private int depth;
        private JsonObject document;

        Walk(byte[] body, Selection keep, JsonProvider json) {
            this.scanner = new JsonScanner(body);
            this.keep = keep;
            this.json = json;
        }

        JsonObject document() {
            Token first = scanner.next();
            if (first != Token.BEGIN_OBJECT) {
                throw startsValue(first) ? ProblemException.badRequest("body must be a JSON object") : notJson();
            }
            enter(true, keep);
            while (depth > 0) {
                step(scanner.next());
            }
            if (scanner.next() != Token.END) {
                throw notJson();
            }
            return document;
        }

        private void step(Token token) {
            Level top = open[depth - 1];
            switch (top.expect) {
                case KEY_OR_END, VALUE_OR_END -> {
                    if (token == (top.object ? Token.END_OBJECT : Token.END_ARRAY)) {
                        leave();
                    } else if (top.object) {
                        key(token, top);
                    } else {
                        value(token, top);
                    }
                }
                case KEY -> key(token, top);
                case COLON -> {
                    if (token != Token.COLON) {
                        throw notJson();
                    }
                    top.expect = Expect.VALUE;
                }
                case VALUE -> value(token, top);
                case COMMA_OR_END -> {
                    if (token == Token.COMMA) {
                        top.expect = top.object ? Expect.KEY : Expect.VALUE;
                    } else if (token == (top.object ? Token.END_OBJECT : Token.END_ARRAY)) {
                        leave();
                    } else {
                        throw notJson();
                    }
                }
            }
        }

        private void key(Token token, Level top) {
            if (token != Token.STRING) {
                throw notJson();
            }
            if (scanner.flaw() != null) {
                throw ProblemException.badRequest(path(depth, "") + " must not have a key containing "
                        + scanner.flaw());
            }
            top.keyStart = scanner.start();
            top.keyEnd = scanner.end();
            top.selected = null;
            if (top.keep != null) {
                for (int i = 0; i < top.keep.memberCount() && top.selected == null; i++) {
                    if (scanner.stringIs(top.keep.memberName(i))) {
                        top.selected = top.keep.member(i);
                        top.selectedName = top.keep.memberName(i);
                    }
                }
            }
            top.expect = Expect.COLON;
        }

        private void value(Token token, Level top) {
            if (!top.object) {
                selectItem(top);
            }
            switch (token) {
                case BEGIN_OBJECT, BEGIN_ARRAY -> {
                    top.expect = Expect.COMMA_OR_END;
                    enter(token == Token.BEGIN_OBJECT, top.selected);
                    return;
                }
                case STRING -> {
                    if (scanner.flaw() != null) {
                        throw ProblemException.badRequest(valuePath() + " must not contain " + scanner.flaw());
                    }
                    if (top.selected != null) {
                        top.add(json.createValue(scanner.string()));
                    }
                }
                case NUMBER -> {
                    checkNumber();
                    if (top.selected != null) {
                        top.add(json.createValue(scanner.number()));
                    }
                }
                case TRUE -> top.addIfSelected(JsonValue.TRUE);
                case FALSE -> top.addIfSelected(JsonValue.FALSE);
                case NULL -> top.addIfSelected(JsonValue.NULL);
                default -> throw notJson();
            }
            valueDone(top);
        }

        private void selectItem(Level top) {
            Selection array = top.keep;
            top.selected = null;
            if (array == null || top.index > array.maxItems()) {
                return;
            }
            if (top.index < array.maxItems()) {
                top.selected = array.item();
                return;
            }
            if (array.refusesExcess(open[0].members)) {
                throw ProblemException.badRequest(path(depth, "") + " " + FieldReader.itemCountRule(array.maxItems()));
            }
            top.add(JsonValue.NULL);
        }

        private void checkNumber() {
            if (scanner.numberLength() > MAX_NUMBER_TEXT) {
                throw ProblemException.badRequest(valuePath() + " must be a number written in at most "
                        + MAX_NUMBER_TEXT + " characters");
            }
            // Measured as jsonb stores it, in plain notation (1e3 is 1000), so that the stored payload passes
            // the same check when it is read again for a replay: 1e1000 is 1001 digits once stored.
            long scale = scanner.scale();
            long integerDigits = scanner.isZero() ? 1 : Math.max(1, scanner.precision() - scale);
            if (integerDigits > MAX_INTEGER_DIGITS || Math.max(0, scale) > MAX_FRACTION_DIGITS) {
                throw ProblemException.badRequest(valuePath() + " must be a number of at most " + MAX_INTEGER_DIGITS
                        + " digits before the decimal point and " + MAX_FRACTION_DIGITS + " after it, written out in full");
            }
        }

        private void enter(boolean object, Selection selected) {
            if (depth == MAX_DEPTH) {
                throw ProblemException.badRequest("body must not nest deeper than " + MAX_DEPTH
                        + " levels (exceeded under " + path(2, "") + ")");
            }
            if (open[depth] == null) {
                open[depth] = new Level();
            }
            open[depth].reset(object, selected, depth == 0, json);
            depth++;
        }

        private void leave() {
            Level closed = open[--depth];
            JsonValue value = closed.build(json);
            if (depth == 0) {
                document = value.asJsonObject();
                return;
            }
            Level parent = open[depth - 1];
            if (value != null) {
                parent.add(value);
            }
            valueDone(parent);
        }

        private static void valueDone(Level level) {
            if (!level.object) {
                level.index++;
            }
            level.expect = Expect.COMMA_OR_END;
        }

        private String valuePath() {
            return path(depth, segment(open[depth - 1]));
        }

        /** The path of the member opened as level {@code levels} (the body is level 1), then {@code last}. */
        private String path(int levels, String last) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < levels - 1; i++) {
                path.append(segment(open[i]));
            }
            path.append(last);
            if (path.length() == 0) {
                return "body";
            }
            // The root is always an object, so every path starts with ".member".
            return path.substring(1);
        }

        /** How a level names the member or item it is at. */
        private String segment(Level level) {
            if (!level.object) {
                return "[" + level.index + "]";
            }
            String key = scanner.string(level.keyStart, level.keyEnd);
            return "." + (PRINTABLE_KEY.matcher(key).matches() ? key : "?");
        }

        private static boolean startsValue(Token token) {
            return switch (token) {
                case BEGIN_ARRAY, STRING, NUMBER, TRUE, FALSE, NULL -> true;
                default -> false;
            };
        }

        private static ProblemException notJson() {
            return ProblemException.badRequest("body is not valid JSON");
        }
    }

    /** One object or array still open. Reused for every level opened at the same depth. */
    private static final class Level {

        private boolean object;
        private Expect expect;
        private int index; // array items so far; names the next item
        private int keyStart; // the current member's key, as its bounds in the body
        private int keyEnd;
        private boolean kept; // whether the parent keeps this level
        private Selection keep; // what to keep inside this level, or null
        private Selection selected; // the current member's or item's selection, or null
        private String selectedName;
        // The body's own members are kept in a map, which selections may consult while reading; deeper
        // levels go straight into JSON-P builders, which are not readable but cost one map less each.
        private Map<String, JsonValue> members;
        private JsonObjectBuilder objectBuilder;
        private JsonArrayBuilder arrayBuilder;

        void reset(boolean object, Selection selected, boolean body, JsonProvider json) {
            this.object = object;
            expect = object ? Expect.KEY_OR_END : Expect.VALUE_OR_END;
            index = 0;
            kept = selected != null;
            keep = kept && (object ? selected.isObject() : selected.isArray()) ? selected : null;
            this.selected = null;
            members = keep != null && body ? new LinkedHashMap<>() : null;
            objectBuilder = keep != null && object && !body ? json.createObjectBuilder() : null;
            arrayBuilder = keep != null && !object ? json.createArrayBuilder() : null;
        }

        void addIfSelected(JsonValue value) {
            if (selected != null) {
                add(value);
            }
        }

        void add(JsonValue value) {
            if (members != null) {
                members.put(selectedName, value);
            } else if (objectBuilder != null) {
                objectBuilder.add(selectedName, value);
            } else {
                arrayBuilder.add(value);
            }
        }

        /** What the parent keeps of this level: null when nothing, an empty container when only its kind. */
        JsonValue build(JsonProvider json) {
            if (!kept) {
                return null;
            }
            if (keep == null) {
                return object ? JsonValue.EMPTY_JSON_OBJECT : JsonValue.EMPTY_JSON_ARRAY;
            }
            if (members != null) {
                return json.createObjectBuilder(members).build();
            }
            return object ? objectBuilder.build() : arrayBuilder.build();
        }
    }
}
