package io.bulwark.webhook;

import io.bulwark.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. A declared Content-Length over the limit is refused before a byte is
 * read, and an undeclared (chunked) body is cut off one byte past the limit, so an oversized body is never
 * buffered whole.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(InputStream in, long declaredLength, int maxBytes) {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                body.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw ProblemException.badRequest("the request body could not be read");
        }
        return body.toByteArray();
    }

    private static ProblemException tooLarge(int maxBytes) {
        return new ProblemException(413, "Content Too Large", "the body exceeds " + maxBytes + " bytes");
    }
}
