package io.bulwark.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T12:00:00Z", "2026-11-29T12:00:00.5Z", "2026-11-29T12:00:00.123456789Z",
            "2026-11-29T12:00:00.000+01:00", "2026-11-29T12:00:00-13:30", "2026-11-29T12:00:00-00:00",
            "2026-11-29T12:00:00+18:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00",
            "2024-02-29T00:00:00Z", "2026-11-29t12:00:00z", "2026-11-29T12:00Z", "2026-11-29T12:00:00+01",
            "2026-11-29T12:00:00.Z", "2026-11-29T12:00:00+01:00:30", "+10000-01-01T00:00:00Z"})
    void readsWhatTheGeneralParserReads(String text) {
        OffsetDateTime expected = OffsetDateTime.parse(text);
        OffsetDateTime read = IsoTimestamp.parse(text);

        assertEquals(expected, read);
        assertEquals(expected.getOffset(), read.getOffset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T12:60:00Z", "2026-11-29T12:00:60Z", "2026-11-29T12:00:00+18:01",
            "2026-11-29T12:00:00+19:00", "2026-11-29T12:00:00+01:60", "2026-11-29T12:00:00+0100",
            "2026-11-29T12:00:00.1234567890Z", "2026-11-29T12:00:00", "2026-11-29T12:00:00+1:00",
            "2026-11-29 12:00:00Z", "2026-11-29T12:00:00ZZ", "2026-11-29T12:00:00 Z", "2026-11-2９T12:00:00Z", ""})
    void refusesWhatTheGeneralParserRefuses(String text) {
        assertThrows(DateTimeException.class, () -> OffsetDateTime.parse(text));
        assertThrows(DateTimeException.class, (Executable) () -> IsoTimestamp.parse(text));
    }
}
