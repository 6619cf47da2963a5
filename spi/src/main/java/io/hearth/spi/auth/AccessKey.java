package io.hearth.spi.auth;

import java.time.Instant;

/**
 * An access key pair as an authenticator needs it to check a signature: the secret in clear, held
 * only in memory. {@link #toString()} never prints the secret or the session token.
 *
 * @param accessKeyId the public half
 * @param secretAccessKey the secret half
 * @param principal who the key belongs to
 * @param sessionToken for temporary credentials, the token requests must carry; null otherwise
 * @param expiration for temporary credentials, when they stop working; null otherwise
 */
public record AccessKey(String accessKeyId, String secretAccessKey, Principal principal, String sessionToken,
        Instant expiration) {

    public AccessKey {
        if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null || secretAccessKey.isEmpty()
                || principal == null) {
            throw new IllegalArgumentException("an access key needs an id, a secret and a principal");
        }
        if ((sessionToken == null) != (expiration == null)) {
            throw new IllegalArgumentException("a temporary key has both a session token and an expiration");
        }
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + " of " + principal.arn() + (expiration == null ? "" : ", until " + expiration) + "]";
    }
}
