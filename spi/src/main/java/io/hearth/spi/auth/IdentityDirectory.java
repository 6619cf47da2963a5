package io.hearth.spi.auth;

import java.util.Optional;

/**
 * The kernel's store of users and their access keys, offered to authenticators through
 * {@link io.hearth.spi.PluginContext#identities()}.
 *
 * <p>Called on request threads, many at once; answers come from memory. Revoked keys are not
 * returned; expired temporary keys are, so that the authenticator can say they expired.
 */
public interface IdentityDirectory {

    /**
     * @param accessKeyId the id named by a request
     * @return the key, or empty when unknown or revoked
     */
    Optional<AccessKey> accessKey(String accessKeyId);

    /** A directory with no keys, for contexts where no identities exist. */
    IdentityDirectory EMPTY = accessKeyId -> Optional.empty();
}
