package io.hearth.spi.auth;

import io.hearth.spi.PluginContext;

/** Builds the {@link Authorizer} named by {@code hearth.auth.authorizer}, once, at start-up. */
public interface AuthorizerFactory {

    /** @return the name used in {@code hearth.auth.authorizer}; unique across plugins */
    String name();

    /**
     * @param context the server's settings and the properties under {@code hearth.auth.<name>.}
     * @return a thread-safe authorizer
     */
    Authorizer create(PluginContext context);
}
