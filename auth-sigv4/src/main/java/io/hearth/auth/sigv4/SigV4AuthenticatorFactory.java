package io.hearth.auth.sigv4;

import io.hearth.auth.sigv4.credentials.CredentialStore;
import io.hearth.auth.sigv4.credentials.DirectoryCredentialStore;
import io.hearth.auth.sigv4.signature.SigV4Verifier;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.AuthenticatorFactory;
import java.time.Clock;

/**
 * Builds the {@code sigv4} authenticator. Access keys come from the kernel's identity directory
 * ({@link PluginContext#identities()}); the credential scope must name the server's region and
 * the service {@value #SERVICE}.
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
        CredentialStore store = new DirectoryCredentialStore(context.identities());
        return new SigV4Authenticator(new SigV4Verifier(store, context.region(), SERVICE, Clock.systemUTC()));
    }
}
