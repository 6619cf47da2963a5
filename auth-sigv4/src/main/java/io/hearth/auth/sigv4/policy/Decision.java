package io.hearth.auth.sigv4.policy;

/**
 * The evaluator's answer.
 *
 * @param outcome allowed, explicitly denied, or implicitly denied
 * @param policyKind the kind of policy whose statement decided (for an explicit deny or an allow),
 *     {@code null} for an implicit deny
 * @param sid the deciding statement's id, or {@code null}
 */
public record Decision(Outcome outcome, PolicyKind policyKind, String sid) {

    /** The three outcomes of IAM evaluation. */
    public enum Outcome {
        ALLOW,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    /** @return whether the request may go ahead */
    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * The message for an {@code AccessDeniedException}, in AWS's wording.
     *
     * @param request the request that was denied
     * @return the message; for an allowed request, a short statement of that
     */
    public String message(AuthorizationRequest request) {
        String head = "User: " + request.principalArn() + " is not authorized to perform: " + request.action()
                + " on resource: " + request.resource();
        return switch (outcome) {
            case ALLOW -> "User: " + request.principalArn() + " is authorized to perform: " + request.action()
                    + " on resource: " + request.resource();
            case EXPLICIT_DENY -> head + " with an explicit deny in "
                    + (policyKind == PolicyKind.RESOURCE ? "a resource-based policy" : "an identity-based policy");
            case IMPLICIT_DENY -> head + " because no identity-based policy allows the " + request.action()
                    + " action";
        };
    }
}
