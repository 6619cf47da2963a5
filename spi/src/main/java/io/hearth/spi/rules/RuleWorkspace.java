package io.hearth.spi.rules;

import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.WorkspaceStorage;

/**
 * What a workspace's rules run against. The evaluator queries through {@code queryEngine} over
 * {@code storage}, appends recording-rule results and the {@code ALERTS} and
 * {@code ALERTS_FOR_STATE} series to {@code storage}, and hands alerts to {@code alerts}.
 *
 * @param workspaceId the workspace, e.g. {@code ws-0b1c...}
 * @param storage the workspace's storage, open for as long as the workspace is scheduled
 * @param queryEngine the server's query engine
 * @param alerts where alerts to be notified go
 * @param defaultQueryOffsetMillis the query offset of groups that set none
 * @param externalUrl the server's base URL for generator URLs, e.g. {@code http://host:9009/workspaces/ws-...}
 * @param externalLabels Prometheus's global {@code external_labels}: templates see them as
 *     {@code $externalLabels}, and alerts handed to {@code alerts} carry those the alert does not
 *     set itself; recorded series and {@code ALERTS} do not
 */
public record RuleWorkspace(String workspaceId, WorkspaceStorage storage, QueryEngine queryEngine, AlertSink alerts,
        long defaultQueryOffsetMillis, String externalUrl, Labels externalLabels) {

    /** A workspace without external labels. */
    public RuleWorkspace(String workspaceId, WorkspaceStorage storage, QueryEngine queryEngine, AlertSink alerts,
            long defaultQueryOffsetMillis, String externalUrl) {
        this(workspaceId, storage, queryEngine, alerts, defaultQueryOffsetMillis, externalUrl, Labels.EMPTY);
    }

    public RuleWorkspace {
        if (workspaceId == null || storage == null || queryEngine == null || alerts == null || externalUrl == null
                || externalLabels == null) {
            throw new IllegalArgumentException("no field of a rule workspace may be null");
        }
        if (defaultQueryOffsetMillis < 0) {
            throw new IllegalArgumentException("negative default query offset");
        }
    }
}
