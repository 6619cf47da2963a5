package io.hearth.auth.sigv4.signature;

import io.hearth.spi.auth.AuthenticationException;

/**
 * The errors a SigV4 check can end in, with the codes and wording AWS services use, so that SDKs
 * and users recognise them. Messages never contain secrets, session tokens or signing keys.
 */
public final class SignatureErrors {

    /** Part of the signature (a parameter, the date) is missing or malformed. */
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    /** The signature does not match, its scope is wrong, or it is expired or not yet valid. */
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";
    /** The access key id or session token is unknown. */
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    /** The temporary credential has expired. */
    public static final String EXPIRED_TOKEN = "ExpiredTokenException";
    /** The request carries SigV4 material but no signature at all. */
    public static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";

    static final String SIGNATURE_MISMATCH_MESSAGE = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";

    private SignatureErrors() {}

    static AuthenticationException incomplete(String message) {
        return new AuthenticationException(INCOMPLETE_SIGNATURE, message);
    }

    static AuthenticationException invalid(String message) {
        return new AuthenticationException(INVALID_SIGNATURE, message);
    }

    static AuthenticationException mismatch() {
        return new AuthenticationException(INVALID_SIGNATURE, SIGNATURE_MISMATCH_MESSAGE);
    }

    static AuthenticationException unrecognizedClient() {
        return new AuthenticationException(
                UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
    }

    static AuthenticationException expiredToken() {
        return new AuthenticationException(EXPIRED_TOKEN, "The security token included in the request is expired");
    }

    static AuthenticationException missingAuthenticationToken() {
        return new AuthenticationException(
                MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }
}
