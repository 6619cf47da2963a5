package io.hearth.spi.rules;

import java.util.List;

/** Where the evaluator hands the alerts of one evaluation that need sending. */
@FunctionalInterface
public interface AlertSink {

    /**
     * Queues alerts for every configured notifier. Never blocks on the network.
     *
     * @param workspaceId the workspace the alerts belong to
     * @param alerts firing and resolved alerts
     */
    void send(String workspaceId, List<Alert> alerts);
}
