package io.bulwark.webhook;

import io.bulwark.problem.ProblemException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Splits a UTF-8 JSON text into tokens, in place: nothing is copied or decoded unless a caller asks for a
 * token's text, so scanning costs no memory however long the body. Strings are checked as they are scanned
 * (strict UTF-8, no raw control characters, valid escapes), and what PostgreSQL's {@code jsonb} would refuse
 * in them (U+0000, an unpaired surrogate) is noted for the caller to judge. Numbers are scanned to the JSON
 * grammar and measured (precision and scale as {@link BigDecimal} would have them) without being parsed.
 *
 * <p>Grammar above single tokens (which token may follow which) is the caller's. Lexical errors are
 * {@link ProblemException#badRequest 400}s that never quote the input: "body is not valid UTF-8" for a byte
 * sequence that is not UTF-8 inside a string, "body is not valid JSON" for anything else. One instance reads
 * one body on one thread.
 */
final class JsonScanner {

    enum Token {
        BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, COLON, COMMA, STRING, NUMBER, TRUE, FALSE, NULL, END
    }

    // A body holds fewer than 2^31 digits, so past this exponent the scale is out of int range whatever they
    // are: saturating here loses nothing that any scale limit could tell apart.
    private static final long EXPONENT_CEILING = 10_000_000_000L;

    private final byte[] in;
    private int pos;

    // The last STRING's content between its quotes, or the last NUMBER's text.
    private int start;
    private int end;
    private boolean escaped;
    private String flaw;
    private int precision;
    private long scale;
    private boolean zero;

    JsonScanner(byte[] in) {
        this.in = in;
    }

    Token next() {
        while (pos < in.length && isWhitespace(in[pos])) {
            pos++;
        }
        if (pos == in.length) {
            return Token.END;
        }
        return switch (in[pos]) {
            case '{' -> punctuation(Token.BEGIN_OBJECT);
            case '}' -> punctuation(Token.END_OBJECT);
            case '[' -> punctuation(Token.BEGIN_ARRAY);
            case ']' -> punctuation(Token.END_ARRAY);
            case ':' -> punctuation(Token.COLON);
            case ',' -> punctuation(Token.COMMA);
            case '"' -> scanString();
            case 't' -> literal("true", Token.TRUE);
            case 'f' -> literal("false", Token.FALSE);
            case 'n' -> literal("null", Token.NULL);
            default -> scanNumber();
        };
    }

    /** Where the last STRING's content, or the last NUMBER's text, begins in the body. */
    int start() {
        return start;
    }

    /** Where it ends (exclusive). */
    int end() {
        return end;
    }

    /** What jsonb would refuse in the last STRING ({@code U+0000}, {@code an unpaired UTF-16 surrogate}), or null. */
    String flaw() {
        return flaw;
    }

    /** The last STRING's text, unescaped. */
    String string() {
        return escaped ? decode(start, end) : new String(in, start, end - start, StandardCharsets.UTF_8);
    }

    /** Whether the last STRING's text is {@code ascii}, decided without copying or decoding it. */
    boolean stringIs(String ascii) {
        int matched = 0;
        int i = start;
        while (i < end) {
            char c;
            if (in[i] == '\\') {
                c = escapedChar(i);
                i += escapeLength(i);
            } else if (in[i] >= 0) {
                c = (char) in[i++];
            } else {
                return false;
            }
            if (matched == ascii.length() || c != ascii.charAt(matched++)) {
                return false;
            }
        }
        return matched == ascii.length();
    }

    /** The text of a string scanned earlier, given its content's bounds; for naming it after the fact. */
    String string(int from, int to) {
        return decode(from, to);
    }

    /** Characters the last NUMBER was written with. */
    int numberLength() {
        return end - start;
    }

    /** Significant digits of the last NUMBER, as {@link BigDecimal#precision()} counts them. */
    int precision() {
        return precision;
    }

    /** Scale of the last NUMBER, as {@link BigDecimal#scale()} has it; saturated far beyond int range. */
    long scale() {
        return scale;
    }

    /** Whether the last NUMBER is zero, whatever its scale. */
    boolean isZero() {
        return zero;
    }

    /** The last NUMBER's value; only for numbers already found within sensible limits. */
    BigDecimal number() {
        return new BigDecimal(new String(in, start, end - start, StandardCharsets.US_ASCII));
    }

    /**
     * @throws ProblemException 400 "body is not valid UTF-8" unless the whole body is strict UTF-8 (no
     *                          overlong forms, no encoded surrogates, nothing beyond U+10FFFF, nothing cut off)
     */
    static void requireUtf8(byte[] body) {
        int i = 0;
        while (i < body.length) {
            i = body[i] >= 0 ? i + 1 : utf8SequenceEnd(body, i);
        }
    }

    private Token punctuation(Token token) {
        pos++;
        return token;
    }

    private Token scanString() {
        pos++;
        start = pos;
        escaped = false;
        flaw = null;
        boolean highSurrogatePending = false;
        while (true) {
            if (pos == in.length) {
                throw notJson();
            }
            byte b = in[pos];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                escaped = true;
                char c = escapedChar(pos);
                pos += escapeLength(pos);
                if (highSurrogatePending) {
                    highSurrogatePending = false;
                    if (Character.isLowSurrogate(c)) {
                        continue;
                    }
                    noteFlaw("an unpaired UTF-16 surrogate");
                }
                if (Character.isHighSurrogate(c)) {
                    highSurrogatePending = true;
                } else if (Character.isLowSurrogate(c)) {
                    noteFlaw("an unpaired UTF-16 surrogate");
                } else if (c == 0) {
                    noteFlaw("U+0000");
                }
                continue;
            }
            if (highSurrogatePending) {
                highSurrogatePending = false;
                noteFlaw("an unpaired UTF-16 surrogate");
            }
            if (b >= 0x20) {
                pos++;
            } else if (b < 0) {
                pos = utf8SequenceEnd(in, pos);
            } else {
                throw notJson();
            }
        }
        if (highSurrogatePending) {
            noteFlaw("an unpaired UTF-16 surrogate");
        }
        end = pos;
        pos++;
        return Token.STRING;
    }

    private void noteFlaw(String found) {
        if (flaw == null) {
            flaw = found;
        }
    }

    /** The character an escape stands for, the escape starting with its backslash at {@code at}. */
    private char escapedChar(int at) {
        if (at + 1 >= in.length) {
            throw notJson();
        }
        switch (in[at + 1]) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u': return unicodeEscape(at + 2);
            default: throw notJson();
        }
    }

    private int escapeLength(int at) {
        return in[at + 1] == 'u' ? 6 : 2;
    }

    private char unicodeEscape(int at) {
        if (at + 4 > in.length) {
            throw notJson();
        }
        int c = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = Character.digit(in[i], 16);
            if (digit < 0) {
                throw notJson();
            }
            c = c << 4 | digit;
        }
        return (char) c;
    }

    private Token scanNumber() {
        start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int significant = 0;
        if (isDigitAt(pos) && in[pos] == '0') {
            pos++;
        } else if (isDigitAt(pos)) {
            while (isDigitAt(pos)) {
                significant++;
                pos++;
            }
        } else {
            throw notJson();
        }
        int fraction = 0;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            for (; isDigitAt(pos); pos++, fraction++) {
                if (significant > 0 || in[pos] != '0') {
                    significant++;
                }
            }
            if (fraction == 0) {
                throw notJson();
            }
        }
        long exponent = 0;
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            boolean negative = pos < in.length && in[pos] == '-';
            if (pos < in.length && (in[pos] == '-' || in[pos] == '+')) {
                pos++;
            }
            int digits = pos;
            for (; isDigitAt(pos); pos++) {
                exponent = Math.min(exponent * 10 + (in[pos] - '0'), EXPONENT_CEILING);
            }
            if (pos == digits) {
                throw notJson();
            }
            exponent = negative ? -exponent : exponent;
        }
        end = pos;
        precision = Math.max(significant, 1);
        zero = significant == 0;
        scale = fraction - exponent;
        return Token.NUMBER;
    }

    private boolean isDigitAt(int at) {
        return at < in.length && in[at] >= '0' && in[at] <= '9';
    }

    private Token literal(String word, Token token) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i == in.length || in[pos + i] != word.charAt(i)) {
                throw notJson();
            }
        }
        pos += word.length();
        return token;
    }

    /** The unescaped text of string content already scanned, so known to be valid. */
    private String decode(int from, int to) {
        char[] text = new char[to - from];
        int length = 0;
        int i = from;
        while (i < to) {
            byte b = in[i];
            if (b == '\\') {
                text[length++] = escapedChar(i);
                i += escapeLength(i);
            } else if (b >= 0) {
                text[length++] = (char) b;
                i++;
            } else {
                int next = utf8SequenceEnd(in, i);
                length += Character.toChars(codePoint(i, next), text, length);
                i = next;
            }
        }
        return new String(text, 0, length);
    }

    private int codePoint(int from, int to) {
        int lead = in[from] & 0xFF;
        int codePoint = to - from == 2 ? lead & 0x1F : to - from == 3 ? lead & 0x0F : lead & 0x07;
        for (int i = from + 1; i < to; i++) {
            codePoint = codePoint << 6 | (in[i] & 0x3F);
        }
        return codePoint;
    }

    /** The end of the strict UTF-8 sequence of two to four bytes that starts at {@code at}. */
    private static int utf8SequenceEnd(byte[] in, int at) {
        int lead = in[at] & 0xFF;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            // No overlong form below U+0800, and no UTF-16 surrogate encoded as a character.
            secondMin = lead == 0xE0 ? 0xA0 : secondMin;
            secondMax = lead == 0xED ? 0x9F : secondMax;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            // No overlong form below U+10000, nothing beyond U+10FFFF.
            secondMin = lead == 0xF0 ? 0x90 : secondMin;
            secondMax = lead == 0xF4 ? 0x8F : secondMax;
        } else {
            throw notUtf8();
        }
        if (at + length > in.length) {
            throw notUtf8();
        }
        int second = in[at + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            throw notUtf8();
        }
        for (int i = at + 2; i < at + length; i++) {
            if ((in[i] & 0xC0) != 0x80) {
                throw notUtf8();
            }
        }
        return at + length;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    // Never the position or the offending text: the body may be secret.
    private static ProblemException notJson() {
        return ProblemException.badRequest("body is not valid JSON");
    }

    private static ProblemException notUtf8() {
        return ProblemException.badRequest("body is not valid UTF-8");
    }
}
