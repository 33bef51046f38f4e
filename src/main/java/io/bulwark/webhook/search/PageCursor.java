package io.bulwark.webhook.search;

import io.bulwark.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page ends: the (time, id) of its last item, for lists ordered by (time desc, id desc). The next page
 * holds the items strictly after it in that order, so items stored later, which sort first, never shift it.
 * Clients treat its text as opaque: base64url of {@code time|id}.
 */
public record PageCursor(OffsetDateTime at, UUID id) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return ENCODER.encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException 400 naming {@code parameter} when the text is no cursor this service made */
    public static PageCursor decode(String text, String parameter) {
        try {
            String decoded = new String(DECODER.decode(text), StandardCharsets.UTF_8);
            int bar = decoded.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new PageCursor(OffsetDateTime.parse(decoded.substring(0, bar)), UUID.fromString(decoded.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.badRequest(parameter + " is not a cursor this service returned");
        }
    }
}
