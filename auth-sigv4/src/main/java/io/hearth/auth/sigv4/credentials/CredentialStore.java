package io.hearth.auth.sigv4.credentials;

import java.util.Optional;

/**
 * Finds the credential behind an access key id.
 *
 * <p>The SigV4 verifier calls {@link #find} once per signed request, on the request's thread, many
 * threads at once; implementations must be thread-safe and should answer from memory. An expired
 * temporary credential may still be returned: the verifier reports it as expired, which is a more
 * useful answer to the client than "unknown key".
 */
public interface CredentialStore {

    /**
     * @param accessKeyId the access key id from the request's credential scope
     * @return the credential, or empty when the key is unknown (or was revoked)
     */
    Optional<Credential> find(String accessKeyId);
}
