package io.hearth.spi.auth;

/**
 * Credentials were present but wrong. The message is returned to the client, so it must say what
 * was wrong without revealing secrets.
 */
public final class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code an AWS-style error code such as {@code InvalidSignatureException} or
     *     {@code UnrecognizedClientException}
     * @param message what was wrong, safe to show to the client
     */
    public AuthenticationException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** @return the AWS-style error code */
    public String code() {
        return code;
    }
}
