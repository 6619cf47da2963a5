package io.hearth.spi.auth;

/**
 * Decides whether a principal may perform an action on a resource, given the policies that
 * apply. The kernel finds the policies (the principal's identity policies and the resource's
 * policy) and calls {@link #authorize} once per request, on the request's thread, many at once,
 * after authentication and before any handler.
 */
public interface Authorizer {

    /**
     * Checks a policy document before the kernel stores it.
     *
     * @param document the policy JSON
     * @param kind whether it will be attached to a user or to a resource
     * @throws InvalidPolicyException with a message saying what is wrong
     */
    void validate(String document, PolicyKind kind) throws InvalidPolicyException;

    /**
     * Decides.
     *
     * @param request who asks to do what to which resource, with the applicable policies
     * @return the decision; a denial carries a message fit for the caller
     */
    AuthorizationDecision authorize(AuthorizationQuery request);

    /** Whether a policy is attached to an identity or to a resource. */
    enum PolicyKind {
        /** Attached to a user; has no Principal element. */
        IDENTITY,
        /** Attached to a workspace (AMP's PutResourcePolicy); names its principals. */
        RESOURCE
    }
}
