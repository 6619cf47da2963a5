package io.hearth.auth.sigv4.credentials;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link CredentialStore} held in a concurrent map. Nothing is persisted: this is the store for
 * tests, for keys given in configuration, and the cache a persistent store can fill.
 */
public final class InMemoryCredentialStore implements CredentialStore {

    private final ConcurrentMap<String, Credential> byAccessKeyId = new ConcurrentHashMap<>();

    /**
     * Adds a credential, or replaces the one with the same access key id.
     *
     * @param credential the credential
     * @return this store
     */
    public InMemoryCredentialStore put(Credential credential) {
        byAccessKeyId.put(credential.accessKeyId(), credential);
        return this;
    }

    /**
     * Revokes a credential.
     *
     * @param accessKeyId its access key id
     * @return whether there was one
     */
    public boolean remove(String accessKeyId) {
        return byAccessKeyId.remove(accessKeyId) != null;
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }
}
