package io.hearth.spi.auth;

/** A policy document that cannot be used; the message says why and is shown to the caller. */
public final class InvalidPolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String message) {
        super(message);
    }
}
