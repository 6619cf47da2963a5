package io.hearth.kernel.alertmanager;

import jakarta.nosql.Column;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;

/**
 * A workspace's alert manager definition as stored: one document per workspace.
 *
 * @param workspaceId the workspace, also the document's id
 * @param data the definition, base64 as the AMP API carries it
 * @param status the status code
 * @param createdAtMillis creation time
 * @param modifiedAtMillis last change
 */
@Entity("alert_manager_definitions")
public record AlertManagerDefinitionDocument(@Id String workspaceId, @Column String data, @Column String status,
        @Column long createdAtMillis, @Column long modifiedAtMillis) {
}
