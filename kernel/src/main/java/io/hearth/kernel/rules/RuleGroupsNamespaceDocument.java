package io.hearth.kernel.rules;

import jakarta.nosql.Column;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;
import java.util.Map;

/**
 * A rule groups namespace as stored: one document per namespace, so a change is one atomic write.
 *
 * @param id {@code <workspaceId>/<name>}
 * @param workspaceId the workspace
 * @param name the namespace name
 * @param data the Prometheus rule file, base64 as the AMP API carries it
 * @param status the status code
 * @param createdAtMillis creation time
 * @param modifiedAtMillis last change
 * @param tags tags by key
 */
@Entity("rule_groups_namespaces")
public record RuleGroupsNamespaceDocument(@Id String id, @Column String workspaceId, @Column String name,
        @Column String data, @Column String status, @Column long createdAtMillis, @Column long modifiedAtMillis,
        @Column Map<String, String> tags) {
}
