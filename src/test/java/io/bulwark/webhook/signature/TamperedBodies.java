package io.bulwark.webhook.signature;

/** Changes a signed body as little as a forger would, so that only the signature can tell. */
final class TamperedBodies {

    private TamperedBodies() {
    }

    /**
     * A copy with the last character of the body's last string, a member name or a value, changed to another
     * letter: still valid UTF-8 and JSON, one byte apart.
     */
    static byte[] lastStringChanged(byte[] body) {
        byte[] tampered = body.clone();
        int closingQuote = lastIndexOf(tampered, (byte) '"');
        int last = closingQuote - 1;
        if (last < 0 || !Character.isLetterOrDigit(tampered[last])) {
            throw new IllegalArgumentException("the body's last string does not end in an ASCII letter or digit");
        }
        tampered[last] = tampered[last] == 'a' ? (byte) 'b' : (byte) 'a';
        return tampered;
    }

    private static int lastIndexOf(byte[] bytes, byte wanted) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("the body holds no string");
    }
}
