package io.hearth.spi.auth;

import java.util.Optional;

/**
 * Establishes who sent a request.
 *
 * <p>The kernel calls every configured authenticator in order, for every request, on the request's
 * thread (many at once), before any handler runs. The first one to return a principal wins. When
 * none returns a principal and none throws, the request is anonymous and is refused unless the
 * server runs with authentication explicitly disabled.
 */
public interface Authenticator {

    /**
     * Authenticates a request.
     *
     * @param request a read-only view of the request
     * @return the principal, or empty when the request carries no credentials of this kind
     * @throws AuthenticationException when the request carries credentials of this kind that are
     *     wrong (bad signature, unknown key, expired token); the request is then refused
     */
    Optional<Principal> authenticate(RequestView request) throws AuthenticationException;
}
