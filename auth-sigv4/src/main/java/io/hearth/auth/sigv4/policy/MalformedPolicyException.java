package io.hearth.auth.sigv4.policy;

/**
 * A policy document was refused. The message says what is wrong and where, and is safe to return
 * to the client that sent the document.
 */
public final class MalformedPolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The AWS error code for a refused policy document. */
    public static final String CODE = "MalformedPolicyDocument";

    public MalformedPolicyException(String message) {
        super(message);
    }

    /** @return {@value #CODE} */
    public String code() {
        return CODE;
    }
}
