package io.bulwark.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.problem.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyReaderTest {

    private static final String TOO_MANY_DIGITS =
            "must be a number of at most 1000 digits before the decimal point and 1000 after it, written out in full";

    /** Keeps every member the tests below look at; the rest of each body is checked and dropped. */
    private static final Selection KEPT = Selection.object(Map.of(
            "type", Selection.VALUE,
            "n", Selection.array(8, Selection.VALUE, top -> false),
            "nested", Selection.object(Map.of("a", Selection.object(Map.of("b", Selection.VALUE)))),
            "text", Selection.VALUE,
            "deep", nestedArrays(JsonBodyReader.MAX_DEPTH - 1),
            "digits", Selection.VALUE,
            "small", Selection.VALUE,
            "large", Selection.VALUE,
            "fraction", Selection.VALUE));

    private final JsonBodyReader reader = new JsonBodyReader();

    @Test
    void keepsEveryMemberAndValueAsSent() {
        JsonObject body = read("""
                {'type': 'ping', 'n': [1, -0, 2.50, 1e3, true, false, null, {}], 'nested': {'a': {'b': 'c'}},
                 'text': 'Caf\\u00e9 \\ud83d\\ude00 ☕'}""");

        assertEquals("ping", body.getString("type"));
        JsonArray n = body.getJsonArray("n");
        assertEquals(8, n.size());
        assertEquals(new BigDecimal("2.50"), n.getJsonNumber(2).bigDecimalValue());
        assertEquals(new BigDecimal("1e3"), n.getJsonNumber(3).bigDecimalValue());
        assertEquals(0, n.getJsonNumber(1).bigDecimalValue().signum());
        assertEquals(JsonValue.TRUE, n.get(4));
        assertEquals(JsonValue.FALSE, n.get(5));
        assertEquals(JsonValue.NULL, n.get(6));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, n.getJsonObject(7));
        assertEquals("c", body.getJsonObject("nested").getJsonObject("a").getString("b"));
        assertEquals("Café \uD83D\uDE00 ☕", body.getString("text"));
    }

    @Test
    void acceptsSurroundingWhitespace() {
        assertEquals("ping", read(" \n\t{'type': 'ping'}\r\n ").getString("type"));
    }

    @Test
    void acceptsSixtyFourLevels() {
        // The body object is level 1, so 63 arrays inside it reach level 64.
        JsonObject body = read("{'deep': " + "[".repeat(63) + "]".repeat(63) + "}");

        JsonValue value = body.get("deep");
        int levels = 1;
        while (value instanceof JsonArray array) {
            levels++;
            value = array.isEmpty() ? null : array.get(0);
        }
        assertEquals(JsonBodyReader.MAX_DEPTH, levels);
    }

    @Test
    void rejectsSixtyFiveLevelsOfObjects() {
        String deep = "{'a': ".repeat(64) + "1" + "}".repeat(64);

        assertRejected("{'deep': " + deep + "}", "body must not nest deeper than 64 levels (exceeded under deep)");
    }

    @Test
    void rejectsAHundredThousandLevelsWithoutExhaustingTheStack() {
        String deep = "{'a': ".repeat(100_000) + "1" + "}".repeat(100_000);

        assertRejected(deep, "body must not nest deeper than 64 levels (exceeded under a)");
    }

    @Test
    void acceptsNumbersAtTheLimits() {
        JsonObject body = read("{'digits': " + "9".repeat(1000) + ", 'small': 1e-1000, 'large': -1E+999,"
                + " 'fraction': 0." + "0".repeat(999) + "1}");

        assertEquals(1000, body.getJsonNumber("digits").bigDecimalValue().precision());
        assertEquals(1000, body.getJsonNumber("small").bigDecimalValue().scale());
        assertEquals(-999, body.getJsonNumber("large").bigDecimalValue().scale());
        assertEquals(1000, body.getJsonNumber("fraction").bigDecimalValue().scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e1000", "-1E+1000", "12e999", "1e1001", "1e-1001", "1e999999", "1e-999999", "1e99999999999",
            "0.1e-2147483648", "0e-1001"})
    void rejectsNumbersWithTooManyDigitsWrittenOut(String number) {
        assertRejected("{'meta': {'n': [0, " + number + "]}}", "meta.n[1] " + TOO_MANY_DIGITS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "-9.99e997", "1.5e-999", "123.4500e-2", "0e1000000", "-0.0e-5", "9e-1000"})
    void acceptsAgainWhatPostgresqlStoresForANumberItAccepted(String number) {
        BigDecimal accepted = read("{'n': " + number + "}").getJsonNumber("n").bigDecimalValue();
        // jsonb keeps a number as numeric, which writes it out in full at a scale of at least 0.
        String stored = accepted.setScale(Math.max(0, accepted.scale())).toPlainString();

        assertEquals(accepted.compareTo(new BigDecimal(stored)), 0);
        assertEquals(new BigDecimal(stored), read("{'n': " + stored + "}").getJsonNumber("n").bigDecimalValue());
    }

    @Test
    void rejectsNumbersOfMoreThanAThousandDigits() {
        assertRejected("{'n': " + "1".repeat(1001) + "}", "n " + TOO_MANY_DIGITS);
    }

    @Test
    void rejectsOverlongNumberTextBeforeParsingIt() {
        assertRejected("{'n': 0." + "0".repeat(JsonBodyReader.MAX_NUMBER_TEXT) + "1}",
                "n must be a number written in at most 4096 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\udc00", "x\\ud83dy", "\\ude00\\ud83d"})
    void rejectsUnpairedSurrogateEscapes(String escaped) {
        assertRejected("{'text': '" + escaped + "'}", "text must not contain an unpaired UTF-16 surrogate");
    }

    @Test
    void rejectsUnpairedSurrogateInAKey() {
        assertRejected("{'a': {'\\ud800': 1}}", "a must not have a key containing an unpaired UTF-16 surrogate");
    }

    @Test
    void namesTheBodyForAKeyAtTheTop() {
        assertRejected("{'\\u0000': 1}", "body must not have a key containing U+0000");
    }

    @Test
    void showsKeysThatCouldGarbleThePathAsQuestionMarks() {
        assertRejected("{'a.b': {'" + "k".repeat(65) + "': {'ok_key-1': [{'x y': '\\u0000'}]}}}",
                "?.?.ok_key-1[0].? must not contain U+0000");
    }

    @Test
    void countsArrayItemsOfEveryKind() {
        assertRejected("{'a': [1, 'x', null, [], {}, true, '\\u0000']}", "a[6] must not contain U+0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'a': 1,}", "{'a' 1}", "{a: 1}", "{'a': 01}", "{'a': .5}", "{'a': 'x\ty'}",
            "{'a': '\\x'}", "{'a': tru}", "{'a': 1} {", "{'a': 1}]", " ", "{", "{'a': [1, 2}"})
    void rejectsMalformedJson(String json) {
        assertRejected(json.replace('\'', '"'), "body is not valid JSON");
    }

    @Test
    void rejectsAByteOrderMark() {
        byte[] body = ("\uFEFF{\"type\": \"ping\"}").getBytes(UTF_8);

        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(body, KEPT));

        assertEquals(400, problem.status());
    }

    @Test
    void rejectsATruncatedMultiByteCharacter() {
        byte[] euro = "{\"a\": \"€\"}".getBytes(UTF_8);
        byte[] truncated = Arrays.copyOf(euro, euro.length - 3);

        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(truncated, KEPT));

        assertEquals("body is not valid UTF-8", problem.detail());
    }

    @Test
    void rejectsANullBody() {
        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(null, KEPT));

        assertEquals("body is empty", problem.detail());
    }

    @Test
    void dropsWhatTheSelectionDoesNotName() {
        JsonObject body = read("{'other': {'x': [1, 'y', {'type': 'z'}]}, 'type': 'ping', 'n': [1]}");

        assertEquals(Set.of("type", "n"), body.keySet());
    }

    @Test
    void keepsOnlyTheKindOfAContainerFoundWhereAValueOrTheOtherKindIsSelected() {
        JsonObject body = read("{'type': {'a': 1}, 'text': [1, 2], 'n': {'a': [1]}, 'nested': ['a']}");

        assertEquals(JsonValue.EMPTY_JSON_OBJECT, body.get("type"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, body.get("text"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, body.get("n"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, body.get("nested"));
    }

    @Test
    void keepsOneNullForTheItemsPastAnArraysLimit() {
        JsonArray n = read("{'n': [" + "1, ".repeat(20) + "1]}").getJsonArray("n");

        assertEquals(9, n.size());
        assertEquals(JsonValue.NULL, n.get(8));
    }

    @Test
    void refusesTheFirstItemPastALimitAtOnceWhenTheKeptMembersSaySo() {
        Selection strict = Selection.object(Map.of("type", Selection.VALUE, "n", Selection.array(2, Selection.VALUE,
                top -> top.get("type") instanceof JsonString type && type.getString().equals("strict"))));

        assertRejected("{'type': 'strict', 'n': [1, 2, 3, tru", strict, "n must have 1 to 2 items");
        assertEquals(3, read("{'n': [1, 2, 3, 4], 'type': 'strict'}", strict).getJsonArray("n").size());
        assertEquals(3, read("{'type': 'lenient', 'n': [1, 2, 3, 4]}", strict).getJsonArray("n").size());
    }

    @Test
    void keepsTheLastOfRepeatedKeysAsJsonbDoes() {
        JsonObject body = read("{'type': 'a', 'nested': {'a': {'b': 1}}, 'type': 'b', 'nested': {'a': {'c': 2}}}");

        assertEquals("b", body.getString("type"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, body.getJsonObject("nested").getJsonObject("a"));
    }

    @Test
    void matchesKeysByTheirTextNotTheirEscapes() {
        assertEquals("ping", read("{'typ\\u0065': 'ping'}").getString("type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.0e-5", "0.000", "1e3", "100e-1000", "1.5e-999", "0e1000", "0e1001",
            "0e-1001", "1E+2", "123.4500e-2", "0.00000000000000000000000000000000012", "-12345678901234567890.5"})
    void measuresNumbersAsBigDecimalDoes(String number) {
        BigDecimal expected = new BigDecimal(number);
        BigDecimal writtenOut = expected.setScale(Math.max(0, expected.scale()));
        boolean storable = writtenOut.precision() - writtenOut.scale() <= JsonBodyReader.MAX_INTEGER_DIGITS
                && writtenOut.scale() <= JsonBodyReader.MAX_FRACTION_DIGITS;

        if (storable) {
            BigDecimal read = read("{'digits': " + number + "}").getJsonNumber("digits").bigDecimalValue();
            assertEquals(expected, read);
            assertEquals(expected.scale(), read.scale());
        } else {
            assertRejected("{'digits': " + number + "}", "digits " + TOO_MANY_DIGITS);
        }
    }

    @Test
    void measuresLongNumbersAsBigDecimalDoes() {
        String thousandDigits = "1" + "0".repeat(999);
        String thousandDigitsWithAFraction = "1" + "0".repeat(996) + ".000e-3";

        assertEquals(new BigDecimal(thousandDigitsWithAFraction), read("{'digits': " + thousandDigitsWithAFraction + "}")
                .getJsonNumber("digits").bigDecimalValue());
        assertRejected("{'digits': " + thousandDigits + "0}", "digits " + TOO_MANY_DIGITS);
        assertRejected("{'digits': 0." + "0".repeat(1001) + "}", "digits " + TOO_MANY_DIGITS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'a': '\\u12'}", "{'a': '\\u12g4'}", "{'a': 1.e5}", "{'a': -}", "{'a': 1e+}",
            "{'a': 'open}", "{'a': nul}", "{'a': [1 2]}", "{'a': 1 'b': 2}", "{,}", "{'a': 1,,'b': 2}",
            "{'a': 1}}", "{'a': -01}", "{'a': 1E5x}", "{'a': +1}", "{'a': ['x',]}", "{'a': [,1]}", "{'a'}",
            "{'a': }", "{1: 2}", "{'a': 1]", "{'a': [1}", "{'a': '\\'}", "{'a': 'x\u0001'}", "\u00a0{}"})
    void rejectsMalformedTokensAndGrammar(String json) {
        assertRejected(json, "body is not valid JSON");
    }

    @Test
    void keepsTextsWithEveryKindOfCharacterAndEscape() {
        String json = "{'text': 'a\\\\ \\\" \\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00 é € 😀 \u007f'}";

        assertEquals("a\\ \" /\b\f\n\r\té€😀 é € 😀 \u007f", read(json).getString("text"));
    }

    static Stream<byte[]> notUtf8() {
        return Stream.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC1, (byte) 0xBF},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
                new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xF5},
                new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0x41});
    }

    @ParameterizedTest
    @MethodSource("notUtf8")
    void rejectsEveryByteSequenceThatIsNotStrictUtf8(byte[] sequence) {
        for (String[] around : new String[][] {{"{\"text\": \"", "\"}"}, {"{\"text\": 1", "}"}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(around[0].getBytes(UTF_8));
            body.writeBytes(sequence);
            body.writeBytes(around[1].getBytes(UTF_8));

            ProblemException problem = assertThrows(ProblemException.class,
                    () -> reader.read(body.toByteArray(), KEPT));

            assertEquals("body is not valid UTF-8", problem.detail());
        }
    }

    @Test
    void refusesBytesThatAreNotUtf8EvenAfterAnotherFault() {
        byte[] body = "{\"a\": x, \"text\": \"\u00e9\"}".getBytes(UTF_8);
        body[body.length - 4] = (byte) 0xFF;

        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(body, KEPT));

        assertEquals("body is not valid UTF-8", problem.detail());
    }

    private JsonObject read(String json) {
        return read(json, KEPT);
    }

    private JsonObject read(String json, Selection keep) {
        return reader.read(json.replace('\'', '"').getBytes(UTF_8), keep);
    }

    private static Selection nestedArrays(int levels) {
        Selection arrays = Selection.VALUE;
        for (int i = 0; i < levels; i++) {
            arrays = Selection.array(1, arrays, top -> false);
        }
        return arrays;
    }

    private void assertRejected(String json, String detail) {
        assertRejected(json, KEPT, detail);
    }

    private void assertRejected(String json, Selection keep, String detail) {
        ProblemException problem = assertThrows(ProblemException.class, () -> read(json, keep));

        assertEquals(400, problem.status());
        assertEquals(detail, problem.detail());
        assertTrue(problem.getMessage().length() < 200, "detail stays short");
    }
}
