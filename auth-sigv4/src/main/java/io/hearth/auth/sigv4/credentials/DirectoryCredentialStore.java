package io.hearth.auth.sigv4.credentials;

import io.hearth.spi.auth.AccessKey;
import io.hearth.spi.auth.IdentityDirectory;
import java.util.Optional;

/** The kernel's identity directory seen as a credential store. */
public final class DirectoryCredentialStore implements CredentialStore {

    private final IdentityDirectory directory;

    public DirectoryCredentialStore(IdentityDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        return directory.accessKey(accessKeyId).map(DirectoryCredentialStore::toCredential);
    }

    private static Credential toCredential(AccessKey key) {
        return key.sessionToken() == null
                ? Credential.longTerm(key.accessKeyId(), key.secretAccessKey(), key.principal().name(), key.principal().arn())
                : Credential.temporary(key.accessKeyId(), key.secretAccessKey(), key.principal().name(),
                        key.principal().arn(), key.sessionToken(), key.expiration());
    }
}
