package io.hearth.auth.sigv4;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.auth.AuthenticatorFactory;
import java.util.List;

/** The auth-sigv4 plugin: offers the {@code sigv4} authenticator and the {@code iam} authorizer. Found through {@link java.util.ServiceLoader}. */
public final class SigV4Plugin implements HearthPlugin {

    @Override
    public List<AuthenticatorFactory> authenticatorFactories() {
        return List.of(new SigV4AuthenticatorFactory());
    }

    @Override
    public List<io.hearth.spi.auth.AuthorizerFactory> authorizerFactories() {
        return List.of(new IamAuthorizerFactory());
    }
}
