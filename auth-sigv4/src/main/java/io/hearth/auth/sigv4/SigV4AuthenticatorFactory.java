package io.hearth.auth.sigv4;

import io.hearth.auth.sigv4.credentials.Credential;
import io.hearth.auth.sigv4.credentials.InMemoryCredentialStore;
import io.hearth.auth.sigv4.signature.SigV4Verifier;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.AuthenticatorFactory;
import java.time.Clock;
import java.util.Optional;

/**
 * Builds the {@code sigv4} authenticator.
 *
 * <p>Properties (under {@code hearth.auth.sigv4.}):
 *
 * <ul>
 *   <li>{@code access-key-id}, {@code secret-access-key}: the one long-term key pair accepted
 *       for now; both or neither. Without them every signed request is refused as an unknown key.
 *   <li>{@code user-name}: its principal's name, default {@code root}.
 *   <li>{@code principal-arn}: its principal's ARN, default {@code arn:aws:iam::<account>:root}.
 * </ul>
 *
 * <p>The credential scope must name the server's region and the service {@value #SERVICE}.
 */
public final class SigV4AuthenticatorFactory implements AuthenticatorFactory {

    /** The name to list in {@code hearth.auth.authenticators}. */
    public static final String NAME = "sigv4";

    /** The service name in the credential scope, as for Amazon Managed Service for Prometheus. */
    public static final String SERVICE = "aps";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Authenticator create(PluginContext context) {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        Optional<String> keyId = context.property("access-key-id");
        Optional<String> secret = context.property("secret-access-key");
        if (keyId.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("hearth.auth.sigv4.access-key-id and hearth.auth.sigv4.secret-access-key"
                    + " must be set together");
        }
        if (keyId.isPresent()) {
            store.put(Credential.longTerm(
                    keyId.get(),
                    secret.get(),
                    context.property("user-name").orElse("root"),
                    context.property("principal-arn").orElse("arn:aws:iam::" + context.accountId() + ":root")));
        }
        return new SigV4Authenticator(new SigV4Verifier(store, context.region(), SERVICE, Clock.systemUTC()));
    }
}
