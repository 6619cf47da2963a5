package io.hearth.spi.auth;

import java.util.List;

/**
 * One authorization question.
 *
 * @param principal the authenticated caller
 * @param action the action, e.g. {@code aps:QueryMetrics}
 * @param resourceArn the resource, e.g. {@code arn:aws:aps:us-east-1:000000000000:workspace/ws-...}
 * @param identityPolicies the policy documents attached to the principal
 * @param resourcePolicy the policy document attached to the resource, or null
 */
public record AuthorizationQuery(Principal principal, String action, String resourceArn, List<String> identityPolicies,
        String resourcePolicy) {

    public AuthorizationQuery {
        if (principal == null || action == null || resourceArn == null) {
            throw new IllegalArgumentException("principal, action and resource are required");
        }
        identityPolicies = List.copyOf(identityPolicies == null ? List.of() : identityPolicies);
    }
}
