package io.bulwark.webhook.intake;

import io.bulwark.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The framing headers of a request under {@code /api}, checked before anything else reads them, so that a
 * malformed value is a 400 problem+json rather than the runtime's own answer (a 500, or an HTML page).
 */
final class HeaderChecks {

    // RFC 9110 media type: token "/" token, then parameters; a token never holds spaces, quotes or delimiters.
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))*\\s*;?\\s*");
    private static final Pattern DECIMAL_LENGTH = Pattern.compile("[0-9]{1,18}");

    private HeaderChecks() {
    }

    /** The declared body length, or -1 when the body is not declared (chunked, or none). */
    static long contentLength(HttpServletRequest request) {
        String declared = request.getHeader("Content-Length");
        if (declared == null) {
            return -1;
        }
        String trimmed = declared.trim();
        if (!DECIMAL_LENGTH.matcher(trimmed).matches()) {
            throw ProblemException.badRequest("Content-Length must be a non-negative decimal integer of at most 18 digits");
        }
        return Long.parseLong(trimmed);
    }

    /** Refuses a Content-Type that is not a media type at all. */
    static void requireWellFormedContentType(HttpServletRequest request) {
        String type = request.getHeader("Content-Type");
        if (type != null && !MEDIA_TYPE.matcher(type.trim()).matches()) {
            throw ProblemException.badRequest("Content-Type is not a media type such as application/json");
        }
    }

    /** Refuses a delivery that is not JSON: {@code application/json} or any {@code application/*+json}. */
    static void requireJson(HttpServletRequest request) {
        String type = request.getHeader("Content-Type");
        String essence = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!essence.equals("application/json") && !(essence.startsWith("application/") && essence.endsWith("+json"))) {
            throw IntakeRefusals.notJson();
        }
    }
}
