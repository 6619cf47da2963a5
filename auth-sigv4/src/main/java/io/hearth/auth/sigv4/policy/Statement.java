package io.hearth.auth.sigv4.policy;

import java.util.List;
import java.util.Objects;

/**
 * One parsed statement.
 *
 * @param sid the statement id, or {@code null}
 * @param effect Allow or Deny
 * @param principal who the statement is about (resource policies only), or {@code null}
 * @param actions the {@code Action} or {@code NotAction} patterns, matched regardless of case
 * @param resources the {@code Resource} or {@code NotResource} ARN patterns
 * @param conditions all must hold for the statement to apply
 */
public record Statement(
        String sid,
        Effect effect,
        PrincipalMatcher principal,
        PatternSet actions,
        PatternSet resources,
        List<Condition> conditions) {

    public Statement {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(resources, "resources");
        conditions = List.copyOf(conditions);
    }

    /**
     * @return whether the statement applies to the request: principal (if any), action, resource
     *     and every condition
     */
    public boolean appliesTo(AuthorizationRequest request) {
        if (principal != null && !principal.matches(request.principalArn())) {
            return false;
        }
        if (!actions.matches(request.action()) || !resources.matches(request.resource())) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.holds(request)) {
                return false;
            }
        }
        return true;
    }
}
