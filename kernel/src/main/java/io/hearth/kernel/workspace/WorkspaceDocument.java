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
        @Column String kmsKeyArn) {
}
