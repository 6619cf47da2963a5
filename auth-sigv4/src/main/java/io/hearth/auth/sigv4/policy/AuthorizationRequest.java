package io.hearth.auth.sigv4.policy;

import io.hearth.auth.sigv4.arn.Arn;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One question for the evaluator: may this principal do this action on this resource?
 *
 * @param principalArn the caller's ARN
 * @param action the action, e.g. {@code aps:RemoteWrite}
 * @param resource the resource ARN, e.g. {@code arn:aws:aps:us-east-1:123456789012:workspace/ws-1}
 * @param context condition keys and their values; names are matched regardless of case (they are
 *     stored lower-case)
 */
public record AuthorizationRequest(String principalArn, String action, String resource, Map<String, String> context) {

    public AuthorizationRequest {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Map<String, String> lower = new HashMap<>();
        (context == null ? Map.<String, String>of() : context)
                .forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v, k)));
        context = Map.copyOf(lower);
    }

    /**
     * A request with the global condition keys Hearth knows filled in: {@code aws:PrincipalArn},
     * {@code aws:PrincipalAccount} (when the ARN has an account), {@code aws:username} (for IAM
     * users) and {@code aws:RequestedRegion}.
     */
    public static AuthorizationRequest of(String principalArn, String action, String resource, String region) {
        Map<String, String> context = new HashMap<>();
        context.put("aws:PrincipalArn", principalArn);
        try {
            Arn arn = Arn.parse(principalArn);
            if (!arn.account().isEmpty()) {
                context.put("aws:PrincipalAccount", arn.account());
            }
            if (arn.service().equals("iam") && arn.resource().startsWith("user/")) {
                context.put("aws:username", arn.resource().substring(arn.resource().lastIndexOf('/') + 1));
            }
        } catch (IllegalArgumentException notAnArn) {
            // a principal without an ARN has no account or user name to offer
        }
        context.put("aws:RequestedRegion", region);
        return new AuthorizationRequest(principalArn, action, resource, context);
    }

    /** @return the value of a condition key, or {@code null} when the request has none */
    public String contextValue(String key) {
        return context.get(key.toLowerCase(Locale.ROOT));
    }
}
