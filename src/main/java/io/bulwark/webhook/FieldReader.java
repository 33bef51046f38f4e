package io.bulwark.webhook;

import io.bulwark.problem.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the members of one JSON object as envelope values of a known kind (id, status, currency, decimal,
 * timestamp, ...). JSON null counts as absent. Every rejection is a {@link ProblemException#badRequest 400}
 * naming the member by its path ({@code data.transactions[17].amount}) and the rule it breaks, never its
 * value, which may be huge or secret.
 */
final class FieldReader {

    /** Whether a member must be there. */
    enum Presence { REQUIRED, OPTIONAL }

    static final int MAX_ID_LENGTH = 255;
    static final int MAX_STATUS_LENGTH = 32;

    // Bounded so every amount fits an exact NUMERIC and no caller ever sees a float.
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,29})(\\.[0-9]{1,18})?");
    private static final Pattern STATUS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    // ISO-8601 fixes four-digit years unless both parties agree otherwise: a wider year is a sender's mistake
    // that would otherwise surface only when stored (timestamptz ends in 294276 AD).
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;

    private final JsonObject object;
    private final String path;
    // An array item's path is its array's and its index, put together only when a rejection names it.
    private final int index;

    private FieldReader(JsonObject object, String path, int index) {
        this.object = object;
        this.path = path;
        this.index = index;
    }

    /** A reader of the body's top-level members, whose paths are their bare names. */
    static FieldReader ofBody(JsonObject body) {
        return new FieldReader(body, "", -1);
    }

    /** The path naming this object's member {@code name} in rejections. */
    String pathOf(String name) {
        String own = index < 0 ? path : path + "[" + index + "]";
        return own.isEmpty() ? name : own + "." + name;
    }

    /** A required member that is an object. */
    FieldReader object(String name) {
        if (!(present(name, Presence.REQUIRED) instanceof JsonObject member)) {
            throw invalid(name, "must be an object");
        }
        return new FieldReader(member, pathOf(name), -1);
    }

    /** A required member that is an array of 1 to {@code maxItems} objects, in order. */
    List<FieldReader> objects(String name, int maxItems) {
        if (!(present(name, Presence.REQUIRED) instanceof JsonArray items)) {
            throw invalid(name, "must be an array");
        }
        if (items.isEmpty() || items.size() > maxItems) {
            throw invalid(name, itemCountRule(maxItems));
        }
        String arrayPath = pathOf(name);
        List<FieldReader> readers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof JsonObject item)) {
                throw ProblemException.badRequest(arrayPath + "[" + i + "] must be an object");
            }
            readers.add(new FieldReader(item, arrayPath, i));
        }
        return readers;
    }

    /** The rule an array of 1 to {@code maxItems} items breaks, as rejections state it. */
    static String itemCountRule(int maxItems) {
        return "must have 1 to " + maxItems + " items";
    }

    /** A string of any content, or null when absent. */
    private String string(String name, Presence presence) {
        JsonValue value = present(name, presence);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw invalid(name, "must be a string");
        }
        return string.getString();
    }

    /** An identifier: 1 to 255 characters, no control characters. */
    String id(String name, Presence presence) {
        String value = string(name, presence);
        if (value == null) {
            return null;
        }
        requireLength(name, value, MAX_ID_LENGTH);
        if (hasControlCharacter(value)) {
            throw invalid(name, "must not contain control characters");
        }
        return value;
    }

    /** Whether a string is an identifier as {@link #id} reads one. */
    static boolean isId(String value) {
        int length = value.codePointCount(0, value.length());
        return length >= 1 && length <= MAX_ID_LENGTH && !hasControlCharacter(value);
    }

    /** A string of 1 to {@code maxLength} characters, all matching {@code pattern}, as {@code rule} says. */
    String token(String name, Presence presence, int maxLength, Pattern pattern, String rule) {
        String value = string(name, presence);
        if (value == null) {
            return null;
        }
        requireLength(name, value, maxLength);
        if (!pattern.matcher(value).matches()) {
            throw invalid(name, "must " + rule);
        }
        return value;
    }

    /** A status word such as {@code active} or {@code booked}. */
    String status(String name, Presence presence) {
        return token(name, presence, MAX_STATUS_LENGTH, STATUS,
                "start with a letter and hold only letters, digits, _ and -");
    }

    /** An ISO 4217 currency code. */
    String currency(String name, Presence presence) {
        String value = string(name, presence);
        if (value != null && !CURRENCY.matcher(value).matches()) {
            throw invalid(name, "must be a three-letter upper-case ISO 4217 code");
        }
        return value;
    }

    /** Free text of at most {@code maxLength} characters; optional. */
    String text(String name, int maxLength) {
        String value = string(name, Presence.OPTIONAL);
        if (value != null && value.codePointCount(0, value.length()) > maxLength) {
            throw invalid(name, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** An exact decimal sent as a string, keeping the scale it was written with. */
    BigDecimal decimal(String name, Presence presence) {
        JsonValue value = present(name, presence);
        if (value == null) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.NUMBER) {
            throw invalid(name, "must be a decimal string, not a JSON number");
        }
        if (!(value instanceof JsonString string)) {
            throw invalid(name, "must be a decimal string");
        }
        if (!DECIMAL.matcher(string.getString()).matches()) {
            throw invalid(name, "must be a decimal string such as \"-12.50\", with at most 30 integer and"
                    + " 18 fraction digits");
        }
        return new BigDecimal(string.getString());
    }

    /** An ISO-8601 timestamp with offset or {@code Z}, normalised to UTC. */
    OffsetDateTime timestamp(String name, Presence presence) {
        String value = string(name, presence);
        if (value == null) {
            return null;
        }
        OffsetDateTime utc;
        try {
            utc = IsoTimestamp.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw invalid(name, "must be an ISO-8601 timestamp with offset, such as 2026-11-29T12:00:00Z");
        }
        if (utc.getYear() < MIN_YEAR || utc.getYear() > MAX_YEAR) {
            throw invalid(name, "must fall within the years 0001 to 9999 (UTC)");
        }
        return utc;
    }

    /** A 400 naming this object's member {@code name} and the rule it breaks. */
    private ProblemException invalid(String name, String rule) {
        return ProblemException.badRequest(pathOf(name) + " " + rule);
    }

    private JsonValue present(String name, Presence presence) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (presence == Presence.REQUIRED) {
                throw invalid(name, "is required");
            }
            return null;
        }
        return value;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            // Surrogates are never ISO control characters, so UTF-16 units serve as well as code points.
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private void requireLength(String name, String value, int maxLength) {
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > maxLength) {
            throw invalid(name, "must be 1 to " + maxLength + " characters");
        }
    }
}
