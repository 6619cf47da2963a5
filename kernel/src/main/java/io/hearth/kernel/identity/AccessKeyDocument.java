package io.hearth.kernel.identity;

import jakarta.nosql.Column;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;

/**
 * An access key as stored: the secret and any session token only in sealed form.
 *
 * @param accessKeyId the public id
 * @param userName the owner
 * @param sealedSecret the secret access key, sealed by {@link SecretSealer}
 * @param sealedSessionToken for temporary credentials the session token, sealed; null otherwise
 * @param expiresAtMillis for temporary credentials the expiry, epoch milliseconds; 0 otherwise
 * @param createdAtMillis creation time, epoch milliseconds
 */
@Entity("access_keys")
public record AccessKeyDocument(@Id String accessKeyId, @Column String userName, @Column String sealedSecret,
        @Column String sealedSessionToken, @Column long expiresAtMillis, @Column long createdAtMillis) {
}
