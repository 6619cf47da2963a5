package io.hearth.plugins.alertmanager;

import io.hearth.plugins.notifier.JsonWriter;
import io.hearth.plugins.notifier.PayloadFormat;
import io.hearth.plugins.notifier.QueuedAlert;
import io.hearth.plugins.notifier.Rfc3339;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.storage.Labels;
import java.util.List;

/**
 * The body of Alertmanager's {@code POST /api/v2/alerts}: a {@code PostableAlerts} array of
 * {@code {"labels":{...},"annotations":{...},"startsAt":"...","endsAt":"...","generatorURL":"..."}}
 * with times to the millisecond in UTC, as Prometheus sends them. Zero times, empty annotations and
 * an empty generator URL are left out (Alertmanager then takes the receive time as the start, and
 * its {@code resolve_timeout} as the end). Alerts of several workspaces may share a batch.
 */
final class AlertmanagerV2Format implements PayloadFormat {

    /** Where alerts are posted under an Alertmanager's base URL. */
    static final String PATH = "/api/v2/alerts";

    private final String workspaceLabel;

    /** @param workspaceLabel a label to set to the workspace id on every alert, or empty for none */
    AlertmanagerV2Format(String workspaceLabel) {
        if (!workspaceLabel.isEmpty() && !workspaceLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("hearth.alertmanager.workspace-label is not a label name: '"
                    + workspaceLabel + "'");
        }
        this.workspaceLabel = workspaceLabel;
    }

    @Override
    public String pathSuffix() {
        return PATH;
    }

    @Override
    public boolean oneWorkspacePerBatch() {
        return false;
    }

    @Override
    public byte[] encode(List<QueuedAlert> batch, long nowMillis) {
        JsonWriter json = new JsonWriter().beginArray();
        for (QueuedAlert queued : batch) {
            Alert a = queued.alert();
            Labels labels = workspaceLabel.isEmpty() ? a.labels()
                    : a.labels().toBuilder().set(workspaceLabel, queued.workspaceId()).build();
            json.beginObject().name("labels").value(labels);
            if (!a.annotations().isEmpty()) {
                json.name("annotations").value(a.annotations());
            }
            if (a.startsAtMillis() != 0) {
                json.name("startsAt").value(Rfc3339.millis(a.startsAtMillis()));
            }
            if (a.endsAtMillis() != 0) {
                json.name("endsAt").value(Rfc3339.millis(a.endsAtMillis()));
            }
            if (!a.generatorUrl().isEmpty()) {
                json.name("generatorURL").value(a.generatorUrl());
            }
            json.endObject();
        }
        return json.endArray().toBytes();
    }
}
