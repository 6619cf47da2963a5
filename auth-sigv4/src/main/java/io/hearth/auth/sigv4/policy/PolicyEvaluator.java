package io.hearth.auth.sigv4.policy;

import java.util.List;

/**
 * Decides a request against a principal's identity policies and the resource's policy, as IAM does
 * within one account:
 *
 * <ol>
 *   <li>an applicable {@code Deny} statement in any policy denies (explicit deny wins);
 *   <li>otherwise an applicable {@code Allow} in an identity policy or in the resource policy
 *       allows;
 *   <li>otherwise the request is denied (implicit deny).
 * </ol>
 *
 * Not modelled: cross-account access (where both sides must allow), permission boundaries, session
 * policies and service control policies. Stateless and thread-safe.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {}

    /**
     * @param request the request
     * @param identityPolicies the policies attached to the principal (may be empty)
     * @param resourcePolicy the resource's policy, or {@code null} when it has none
     * @return the decision
     */
    public static Decision evaluate(AuthorizationRequest request, List<Policy> identityPolicies, Policy resourcePolicy) {
        Decision allow = null;
        for (Policy policy : identityPolicies) {
            if (policy.kind() != PolicyKind.IDENTITY) {
                throw new IllegalArgumentException("a resource policy was passed as an identity policy");
            }
            Decision d = evaluate(request, policy);
            if (d != null && d.outcome() == Decision.Outcome.EXPLICIT_DENY) {
                return d;
            }
            allow = allow == null ? d : allow;
        }
        if (resourcePolicy != null) {
            if (resourcePolicy.kind() != PolicyKind.RESOURCE) {
                throw new IllegalArgumentException("an identity policy was passed as the resource policy");
            }
            Decision d = evaluate(request, resourcePolicy);
            if (d != null && d.outcome() == Decision.Outcome.EXPLICIT_DENY) {
                return d;
            }
            allow = allow == null ? d : allow;
        }
        return allow != null ? allow : new Decision(Decision.Outcome.IMPLICIT_DENY, null, null);
    }

    /** @return the first explicit deny, else the first allow, else {@code null} */
    private static Decision evaluate(AuthorizationRequest request, Policy policy) {
        Decision allow = null;
        for (Statement statement : policy.statements()) {
            if (!statement.appliesTo(request)) {
                continue;
            }
            if (statement.effect() == Effect.DENY) {
                return new Decision(Decision.Outcome.EXPLICIT_DENY, policy.kind(), statement.sid());
            }
            if (allow == null) {
                allow = new Decision(Decision.Outcome.ALLOW, policy.kind(), statement.sid());
            }
        }
        return allow;
    }
}
