package io.hearth.spi.rules;

import java.net.URI;
import java.util.List;

/**
 * Alerts of one workspace to deliver.
 *
 * @param workspaceId the workspace the alerts belong to
 * @param targets where to send them when the workspace overrides the notifier's configured
 *     targets (for the Alertmanager notifier, the Alertmanager base URLs); empty means the
 *     notifier's own configuration
 * @param alerts the alerts
 */
public record AlertDelivery(String workspaceId, List<URI> targets, List<Alert> alerts) {

    public AlertDelivery {
        if (workspaceId == null || targets == null || alerts == null) {
            throw new IllegalArgumentException("no field of an alert delivery may be null");
        }
        targets = List.copyOf(targets);
        alerts = List.copyOf(alerts);
    }
}
