package io.bulwark.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.problem.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyReaderTest {

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
        JsonObject body = read("{'digits': " + "9".repeat(1000) + ", 'small': 1e-1000, 'large': -1E+1000,"
                + " 'fraction': 0." + "0".repeat(999) + "1}");

        assertEquals(1000, body.getJsonNumber("digits").bigDecimalValue().precision());
        assertEquals(1000, body.getJsonNumber("small").bigDecimalValue().scale());
        assertEquals(-1000, body.getJsonNumber("large").bigDecimalValue().scale());
        assertEquals(1000, body.getJsonNumber("fraction").bigDecimalValue().scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e1001", "1e-1001", "1e999999", "1e-999999", "1e99999999999", "0.1e-2147483648"})
    void rejectsNumbersWithScaleOutOfBounds(String number) {
        assertRejected("{'meta': {'n': [0, " + number + "]}}",
                "meta.n[1] must be a number of at most 1000 digits with a scale within -1000 to 1000");
    }

    @Test
    void rejectsNumbersOfMoreThanAThousandDigits() {
        assertRejected("{'n': " + "1".repeat(1001) + "}",
                "n must be a number of at most 1000 digits with a scale within -1000 to 1000");
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

        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(body));

        assertEquals(400, problem.status());
    }

    @Test
    void rejectsATruncatedMultiByteCharacter() {
        byte[] euro = "{\"a\": \"€\"}".getBytes(UTF_8);
        byte[] truncated = Arrays.copyOf(euro, euro.length - 3);

        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(truncated));

        assertEquals("body is not valid UTF-8", problem.detail());
    }

    @Test
    void rejectsANullBody() {
        ProblemException problem = assertThrows(ProblemException.class, () -> reader.read(null));

        assertEquals("body is empty", problem.detail());
    }

    private JsonObject read(String json) {
        return reader.read(json.replace('\'', '"').getBytes(UTF_8));
    }

    private void assertRejected(String json, String detail) {
        ProblemException problem = assertThrows(ProblemException.class, () -> read(json));

        assertEquals(400, problem.status());
        assertEquals(detail, problem.detail());
        assertTrue(problem.getMessage().length() < 200, "detail stays short");
    }
}
