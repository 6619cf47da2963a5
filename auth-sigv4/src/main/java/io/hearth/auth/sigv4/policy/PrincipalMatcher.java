package io.hearth.auth.sigv4.policy;

import io.hearth.auth.sigv4.arn.Arn;
import java.util.Set;

/**
 * The {@code Principal} of a resource-policy statement.
 *
 * <ul>
 *   <li>{@code "*"} or {@code {"AWS": "*"}}: anyone.
 *   <li>an account id {@code 123456789012} or {@code arn:aws:iam::123456789012:root}: any principal of
 *       that account.
 *   <li>an IAM role ARN: the role, and its sessions ({@code arn:aws:sts::<account>:assumed-role/<name>/<session>}).
 *   <li>any other ARN: exactly that principal.
 * </ul>
 */
public final class PrincipalMatcher {

    private final boolean anyone;
    private final Set<String> accounts;
    private final Set<String> arns;

    PrincipalMatcher(boolean anyone, Set<String> accounts, Set<String> arns) {
        this.anyone = anyone;
        this.accounts = Set.copyOf(accounts);
        this.arns = Set.copyOf(arns);
    }

    /** @return whether the statement applies to this principal */
    public boolean matches(String principalArn) {
        if (anyone || arns.contains(principalArn)) {
            return true;
        }
        Arn arn;
        try {
            arn = Arn.parse(principalArn);
        } catch (IllegalArgumentException notAnArn) {
            return false;
        }
        if (accounts.contains(arn.account())) {
            return true;
        }
        if (arn.service().equals("sts") && arn.resource().startsWith("assumed-role/")) {
            String[] parts = arn.resource().split("/");
            if (parts.length >= 3) {
                String roleName = parts[1];
                for (String candidate : arns) {
                    if (candidate.startsWith("arn:" + arn.partition() + ":iam::" + arn.account() + ":role/")
                            && candidate.endsWith("/" + roleName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return anyone ? "*" : "Principal[accounts=" + accounts + ", arns=" + arns + "]";
    }
}
