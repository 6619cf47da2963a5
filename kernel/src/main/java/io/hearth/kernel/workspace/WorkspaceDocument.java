package io.hearth.kernel.workspace;

import jakarta.nosql.Column;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;
import java.util.Map;

/**
 * A workspace as stored in the metadata database: one document, so that every change to a
 * workspace is a single atomic write.
 *
 * @param id the workspace id, {@code ws-<uuid>}
 * @param alias the alias, or null
 * @param status the {@link WorkspaceStatus} name
 * @param createdAtMillis creation time, epoch milliseconds
 * @param tags tags by key
 * @param clientToken the idempotency token of the CreateWorkspace call, or null
 * @param retentionPeriodInDays retention of the workspace's samples
 * @param limitsPerLabelSet the limitsPerLabelSet list as its JSON text, or null
 * @param kmsKeyArn the KMS key ARN given at creation, or null
 * @param resourcePolicy the workspace's resource policy document (PutResourcePolicy), or null
 * @param policyRevisionId the revision of the resource policy, or null
 * @param alertmanagerUrls the Alertmanager base URLs this workspace's alerts go to instead of the
 *     server's (a Hearth extension of the workspace configuration), or null for the server's
 */
@Entity("workspaces")
public record WorkspaceDocument(
        @Id String id,
        @Column String alias,
        @Column String status,
        @Column long createdAtMillis,
        @Column Map<String, String> tags,
        @Column String clientToken,
        @Column int retentionPeriodInDays,
        @Column String limitsPerLabelSet,
        @Column String kmsKeyArn,
        @Column String resourcePolicy,
        @Column String policyRevisionId,
        @Column java.util.List<String> alertmanagerUrls) {

    /** @return a new workspace, CREATING, with no configuration beyond its retention */
    static WorkspaceDocument creating(String id, String alias, long createdAtMillis, Map<String, String> tags,
            String clientToken, int retentionPeriodInDays) {
        return new WorkspaceDocument(id, alias, WorkspaceStatus.CREATING.name(), createdAtMillis, tags, clientToken,
                retentionPeriodInDays, null, null, null, null, null);
    }

    WorkspaceDocument withStatus(WorkspaceStatus newStatus) {
        return new WorkspaceDocument(id, alias, newStatus.name(), createdAtMillis, tags, clientToken,
                retentionPeriodInDays, limitsPerLabelSet, kmsKeyArn, resourcePolicy, policyRevisionId, alertmanagerUrls);
    }

    WorkspaceDocument withAlias(String newAlias) {
        return new WorkspaceDocument(id, newAlias, status, createdAtMillis, tags, clientToken,
                retentionPeriodInDays, limitsPerLabelSet, kmsKeyArn, resourcePolicy, policyRevisionId, alertmanagerUrls);
    }

    WorkspaceDocument withTags(Map<String, String> newTags) {
        return new WorkspaceDocument(id, alias, status, createdAtMillis, Map.copyOf(newTags), clientToken,
                retentionPeriodInDays, limitsPerLabelSet, kmsKeyArn, resourcePolicy, policyRevisionId, alertmanagerUrls);
    }

    WorkspaceDocument withConfiguration(int newRetentionDays, String newLimits) {
        return new WorkspaceDocument(id, alias, status, createdAtMillis, tags, clientToken,
                newRetentionDays, newLimits, kmsKeyArn, resourcePolicy, policyRevisionId, alertmanagerUrls);
    }

    WorkspaceDocument withAlertmanagerUrls(java.util.List<String> urls) {
        return new WorkspaceDocument(id, alias, status, createdAtMillis, tags, clientToken,
                retentionPeriodInDays, limitsPerLabelSet, kmsKeyArn, resourcePolicy, policyRevisionId,
                urls == null || urls.isEmpty() ? null : java.util.List.copyOf(urls));
    }

    /** @return the workspace's Alertmanager URLs, empty when it uses the server's */
    public java.util.List<String> alertmanagerUrlsOrEmpty() {
        return alertmanagerUrls == null ? java.util.List.of() : alertmanagerUrls;
    }

    WorkspaceDocument withResourcePolicy(String document, String revisionId) {
        return new WorkspaceDocument(id, alias, status, createdAtMillis, tags, clientToken,
                retentionPeriodInDays, limitsPerLabelSet, kmsKeyArn, document, revisionId, alertmanagerUrls);
    }
}
