package io.hearth.spi.auth;

import io.hearth.spi.PluginContext;

/**
 * Builds an {@link Authenticator}. The kernel calls {@link #create} once per configured
 * authenticator, at start-up, when the name appears in {@code hearth.auth.authenticators}.
 */
public interface AuthenticatorFactory {

    /**
     * The name users put in {@code hearth.auth.authenticators}; unique across all plugins.
     *
     * @return a short lower-case name such as {@code sigv4}
     */
    String name();

    /**
     * Builds the authenticator.
     *
     * @param context the server's settings and this authenticator's properties (those under
     *     {@code hearth.auth.<name>.})
     * @return a thread-safe authenticator
     */
    Authenticator create(PluginContext context);
}
