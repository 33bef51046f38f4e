package io.bulwark.webhook;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Parses an ISO-8601 date-time with offset exactly as {@link OffsetDateTime#parse(CharSequence)} does, with a
 * fast path for the form senders use ({@code 2026-11-29T12:00:00Z}, {@code 2026-11-29T12:00:00.250+01:00}):
 * the general parser costs about 1.4 KB of garbage per call, which a 1000-item batch pays once per item.
 * Any other form goes to the general parser.
 */
final class IsoTimestamp {

    private static final int NO_FRACTION = -1;

    private IsoTimestamp() {
    }

    /** @throws DateTimeException when {@link OffsetDateTime#parse(CharSequence)} would throw it */
    static OffsetDateTime parse(String text) {
        // yyyy-MM-ddTHH:mm:ss, then an optional fraction, then Z or +HH:mm / -HH:mm
        int fractionEnd = fractionEnd(text);
        if (fractionEnd == NO_FRACTION || !fixedPartsAt(text)) {
            return OffsetDateTime.parse(text);
        }
        ZoneOffset offset = offsetAt(text, fractionEnd);
        if (offset == null) {
            return OffsetDateTime.parse(text);
        }
        LocalDate date = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        LocalTime time = LocalTime.of(digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19),
                nanos(text, fractionEnd));
        return OffsetDateTime.of(date, time, offset);
    }

    private static boolean fixedPartsAt(String text) {
        return isDigits(text, 0, 4) && text.charAt(4) == '-' && isDigits(text, 5, 7) && text.charAt(7) == '-'
                && isDigits(text, 8, 10) && text.charAt(10) == 'T' && isDigits(text, 11, 13)
                && text.charAt(13) == ':' && isDigits(text, 14, 16) && text.charAt(16) == ':'
                && isDigits(text, 17, 19);
    }

    /** Where the seconds' fraction ends (19 when there is none); NO_FRACTION when too short or malformed. */
    private static int fractionEnd(String text) {
        if (text.length() < 20) {
            return NO_FRACTION;
        }
        if (text.charAt(19) != '.') {
            return 19;
        }
        int end = 20;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end == 20 || end > 29 ? NO_FRACTION : end;
    }

    private static ZoneOffset offsetAt(String text, int at) {
        int length = text.length() - at;
        if (length == 1 && text.charAt(at) == 'Z') {
            return ZoneOffset.UTC;
        }
        char sign = length == 6 ? text.charAt(at) : 0;
        if ((sign != '+' && sign != '-') || !isDigits(text, at + 1, at + 3) || text.charAt(at + 3) != ':'
                || !isDigits(text, at + 4, at + 6)) {
            return null;
        }
        int hours = digits(text, at + 1, at + 3);
        int minutes = digits(text, at + 4, at + 6);
        return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    }

    private static int nanos(String text, int fractionEnd) {
        int nanos = 0;
        for (int i = 20; i < 29; i++) {
            nanos = nanos * 10 + (i < fractionEnd ? text.charAt(i) - '0' : 0);
        }
        return fractionEnd == 19 ? 0 : nanos;
    }

    private static boolean isDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}
