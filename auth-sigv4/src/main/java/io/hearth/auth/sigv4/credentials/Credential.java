package io.hearth.auth.sigv4.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * An access key pair and the identity it belongs to.
 *
 * <p>A long-term credential has neither a session token nor an expiry. A temporary credential
 * (as handed out by an STS-like issuer) has both: requests signed with it must carry the same
 * session token, and it stops working at {@code expiration}.
 *
 * <p>{@link #toString()} never prints the secret or the session token.
 *
 * @param accessKeyId the public half, e.g. {@code AKIAIOSFODNN7EXAMPLE}
 * @param secretAccessKey the secret half; used only to derive signing keys
 * @param userName the principal's short name, e.g. {@code alice}
 * @param principalArn the principal's ARN, e.g. {@code arn:aws:iam::123456789012:user/alice}
 * @param sessionToken the session token of a temporary credential, {@code null} for a long-term one
 * @param expiration when a temporary credential stops working, {@code null} for a long-term one
 */
public record Credential(
        String accessKeyId,
        String secretAccessKey,
        String userName,
        String principalArn,
        String sessionToken,
        Instant expiration) {

    public Credential {
        requireText(accessKeyId, "accessKeyId");
        requireText(secretAccessKey, "secretAccessKey");
        requireText(userName, "userName");
        requireText(principalArn, "principalArn");
        if ((sessionToken == null) != (expiration == null)) {
            throw new IllegalArgumentException(
                    "a temporary credential needs both a session token and an expiration; a long-term one neither");
        }
        if (sessionToken != null && sessionToken.isEmpty()) {
            throw new IllegalArgumentException("a session token must not be empty");
        }
        for (int i = 0; i < accessKeyId.length(); i++) {
            char c = accessKeyId.charAt(i);
            if (c == '/' || c <= ' ' || c > '~') {
                throw new IllegalArgumentException("an access key id is printable ASCII without '/' or spaces");
            }
        }
    }

    /** A long-term credential: no session token, no expiry. */
    public static Credential longTerm(String accessKeyId, String secretAccessKey, String userName, String principalArn) {
        return new Credential(accessKeyId, secretAccessKey, userName, principalArn, null, null);
    }

    /** A temporary credential, usable only with {@code sessionToken} and only before {@code expiration}. */
    public static Credential temporary(
            String accessKeyId,
            String secretAccessKey,
            String userName,
            String principalArn,
            String sessionToken,
            Instant expiration) {
        return new Credential(
                accessKeyId,
                secretAccessKey,
                userName,
                principalArn,
                Objects.requireNonNull(sessionToken, "sessionToken"),
                Objects.requireNonNull(expiration, "expiration"));
    }

    /** @return whether this credential needs a session token and expires */
    public boolean isTemporary() {
        return sessionToken != null;
    }

    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", userName=" + userName + ", principalArn=" + principalArn
                + (isTemporary() ? ", temporary until " + expiration : ", long-term") + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
