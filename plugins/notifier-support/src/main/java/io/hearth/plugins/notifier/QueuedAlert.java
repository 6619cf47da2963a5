package io.hearth.plugins.notifier;

import io.hearth.spi.rules.Alert;

/**
 * An alert waiting in a target's queue, with the workspace it belongs to.
 *
 * @param workspaceId the workspace
 * @param alert the alert
 */
public record QueuedAlert(String workspaceId, Alert alert) {
}
