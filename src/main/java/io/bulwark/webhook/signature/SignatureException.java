package io.bulwark.webhook.signature;

import io.bulwark.problem.ProblemException;

/**
 * 401: a signature is missing, malformed, does not match, or its timestamp is outside the tolerance. The
 * detail says which, never what the expected signature would have been.
 */
public class SignatureException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public SignatureException(String detail) {
        super(401, "Unauthorized", detail);
    }
}
