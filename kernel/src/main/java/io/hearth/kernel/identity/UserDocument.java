package io.hearth.kernel.identity;

import jakarta.nosql.Column;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;
import java.util.HashMap;
import java.util.Map;

/**
 * A user as stored: its name, ARN and the identity policies attached to it by name.
 *
 * @param name the user name
 * @param arn {@code arn:aws:iam::<account>:user/<name>}, or {@code :root} for the root user
 * @param policies policy name to policy document
 * @param createdAtMillis creation time, epoch milliseconds
 */
@Entity("users")
public record UserDocument(@Id String name, @Column String arn, @Column Map<String, String> policies,
        @Column long createdAtMillis) {

    UserDocument withPolicy(String policyName, String document) {
        Map<String, String> changed = new HashMap<>(policies == null ? Map.of() : policies);
        if (document == null) {
            changed.remove(policyName);
        } else {
            changed.put(policyName, document);
        }
        return new UserDocument(name, arn, Map.copyOf(changed), createdAtMillis);
    }
}
