package io.bulwark.webhook;

import static io.bulwark.webhook.FieldReader.Presence.OPTIONAL;
import static io.bulwark.webhook.FieldReader.Presence.REQUIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bulwark.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldReaderTest {

    @Test
    void absentAndNullOptionalMembersReadAsNull() {
        FieldReader body = body("{'gone': null}");

        assertNull(body.id("gone", OPTIONAL));
        assertNull(body.id("missing", OPTIONAL));
        assertNull(body.decimal("gone", OPTIONAL));
        assertNull(body.timestamp("gone", OPTIONAL));
        assertNull(body.currency("gone", OPTIONAL));
        assertNull(body.text("gone", 10));
    }

    @Test
    void pathsOfNestedMembersAndItems() {
        FieldReader item = body("{'data': {'items': [{}, {'id': 7}]}}").object("data").objects("items", 5).get(1);

        assertEquals("data.items[1].id", item.pathOf("id"));
        assertRejected(() -> item.id("id", REQUIRED), "data.items[1].id must be a string");
        assertRejected(() -> item.id("other", REQUIRED), "data.items[1].other is required");
    }

    @Test
    void idsCountCharactersNotUtf16Units() {
        String id = "😀".repeat(FieldReader.MAX_ID_LENGTH);

        assertEquals(id, body("{'id': '" + id + "'}").id("id", REQUIRED));
        assertRejected(() -> body("{'id': '" + id + "😀'}").id("id", REQUIRED), "id must be 1 to 255 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0001", "\\t", "\\u007f", "\\u0085", "\\u009f"})
    void idsRejectIsoControlCharacters(String escaped) {
        assertRejected(() -> body("{'id': 'a" + escaped + "b'}").id("id", REQUIRED),
                "id must not contain control characters");
    }

    @Test
    void idsMustNotBeEmpty() {
        assertRejected(() -> body("{'id': ''}").id("id", OPTIONAL), "id must be 1 to 255 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.00", "120.50", "1.000000000000000001", "999999999999999999999999999999"})
    void decimalsKeepTheScaleTheyWereWrittenWith(String decimal) {
        BigDecimal read = body("{'amount': '" + decimal + "'}").decimal("amount", REQUIRED);

        assertEquals(new BigDecimal(decimal), read);
        assertEquals(new BigDecimal(decimal).scale(), read.scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000000000000000000000000", "0.1234567890123456789", "+1", " 1", "1 ", "1.",
            ".5", "-", "--1", "-01", "1,00", "0x10", "١"})
    void decimalsOutsideTheGrammarAreRejected(String decimal) {
        assertRejected(() -> body("{'amount': '" + decimal + "'}").decimal("amount", REQUIRED),
                "amount must be a decimal string such as \"-12.50\", with at most 30 integer and 18 fraction digits");
    }

    @Test
    void decimalsOfOtherJsonTypesAreRejected() {
        assertRejected(() -> body("{'amount': 5}").decimal("amount", REQUIRED),
                "amount must be a decimal string, not a JSON number");
        assertRejected(() -> body("{'amount': true}").decimal("amount", REQUIRED), "amount must be a decimal string");
        assertRejected(() -> body("{'amount': ['1']}").decimal("amount", REQUIRED), "amount must be a decimal string");
    }

    @Test
    void timestampsAreNormalisedToUtc() {
        FieldReader body = body("{'a': '2026-11-29T12:00Z', 'b': '2026-11-30T00:30:00.5+01:00',"
                + " 'c': '2026-11-28T23:00:00-13:00'}");

        assertEquals(OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC), body.timestamp("a", REQUIRED));
        assertEquals(OffsetDateTime.of(2026, 11, 29, 23, 30, 0, 500_000_000, ZoneOffset.UTC),
                body.timestamp("b", REQUIRED));
        assertEquals(OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC), body.timestamp("c", REQUIRED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29", "2026-11-29T12:00:00", "2026-02-30T00:00:00Z", "2026-11-29 12:00:00Z",
            "1764417600", "+999999999-12-31T23:59:59-18:00", ""})
    void timestampsWithoutDateTimeAndOffsetAreRejected(String timestamp) {
        assertRejected(() -> body("{'at': '" + timestamp + "'}").timestamp("at", REQUIRED),
                "at must be an ISO-8601 timestamp with offset, such as 2026-11-29T12:00:00Z");
    }

    @Test
    void timestampsStayWithinFourDigitYears() {
        assertEquals(1, body("{'at': '0001-01-01T00:00:00Z'}").timestamp("at", REQUIRED).getYear());
        assertEquals(9999, body("{'at': '9999-12-31T23:59:59Z'}").timestamp("at", REQUIRED).getYear());
        assertRejected(() -> body("{'at': '0001-01-01T00:30:00+01:00'}").timestamp("at", REQUIRED),
                "at must fall within the years 0001 to 9999 (UTC)");
        assertRejected(() -> body("{'at': '9999-12-31T23:00:00-01:00'}").timestamp("at", REQUIRED),
                "at must fall within the years 0001 to 9999 (UTC)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"booked", "in_progress", "A-1", "x"})
    void statusesAreWords(String status) {
        assertEquals(status, body("{'status': '" + status + "'}").status("status", REQUIRED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"_booked", "-x", "book ed", "booked!", "bookéd"})
    void statusesStartWithALetterAndHoldNoPunctuation(String status) {
        assertRejected(() -> body("{'status': '" + status + "'}").status("status", REQUIRED),
                "status must start with a letter and hold only letters, digits, _ and -");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EURO", "EU", "eur", "Eur", "€UR", "E1R", ""})
    void currenciesAreThreeUpperCaseLetters(String currency) {
        assertRejected(() -> body("{'currency': '" + currency + "'}").currency("currency", REQUIRED),
                "currency must be a three-letter upper-case ISO 4217 code");
    }

    @Test
    void textsCountCharactersAndMayBeEmpty() {
        assertEquals("", body("{'name': ''}").text("name", 3));
        assertEquals("☕😀\n", body("{'name': '☕😀\\n'}").text("name", 3));
        assertRejected(() -> body("{'name': 'abcd'}").text("name", 3), "name must be at most 3 characters");
    }

    @Test
    void tokensCheckLengthThenPattern() {
        Pattern letters = Pattern.compile("[a-z]+");

        assertEquals("abc", body("{'t': 'abc'}").token("t", REQUIRED, 3, letters, "be letters"));
        assertRejected(() -> body("{'t': 'abcd'}").token("t", REQUIRED, 3, letters, "be letters"),
                "t must be 1 to 3 characters");
        assertRejected(() -> body("{'t': 'a1'}").token("t", REQUIRED, 3, letters, "be letters"), "t must be letters");
    }

    @Test
    void objectsMustBeObjects() {
        assertRejected(() -> body("{'data': 'x'}").object("data"), "data must be an object");
        assertRejected(() -> body("{'data': null}").object("data"), "data is required");
    }

    @Test
    void objectArraysAreBoundedAndHoldOnlyObjects() {
        assertEquals(2, body("{'items': [{}, {}]}").objects("items", 2).size());
        assertRejected(() -> body("{'items': [{}, {}, {}]}").objects("items", 2), "items must have 1 to 2 items");
        assertRejected(() -> body("{'items': []}").objects("items", 2), "items must have 1 to 2 items");
        assertRejected(() -> body("{'items': [{}, null]}").objects("items", 2), "items[1] must be an object");
        assertRejected(() -> body("{'items': {}}").objects("items", 2), "items must be an array");
    }

    @Test
    void objectArraysKeepTheirOrder() {
        List<FieldReader> items = body("{'items': [{'id': 'b'}, {'id': 'a'}, {'id': 'c'}]}").objects("items", 3);

        assertEquals(List.of("b", "a", "c"), items.stream().map(item -> item.id("id", REQUIRED)).toList());
    }

    private static FieldReader body(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json.replace('\'', '"')))) {
            return FieldReader.ofBody(reader.readObject());
        }
    }

    private static void assertRejected(Executable read, String detail) {
        ProblemException problem = assertThrows(ProblemException.class, read);

        assertEquals(400, problem.status());
        assertEquals(detail, problem.detail());
    }
}
