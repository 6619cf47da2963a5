package io.hearth.plugins.webhook;

import io.hearth.plugins.notifier.JsonWriter;
import io.hearth.plugins.notifier.PayloadFormat;
import io.hearth.plugins.notifier.QueuedAlert;
import io.hearth.plugins.notifier.Rfc3339;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.storage.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's webhook message (version 4), one per batch of one workspace's alerts, fields in
 * Alertmanager's order. Hearth does not group alerts the way an Alertmanager route does: each
 * message is the group of one workspace, so {@code groupLabels} is {@code {"workspace":"<id>"}} and
 * {@code groupKey} is {@code {}:{workspace="<id>"}} (Alertmanager's route-then-group-labels form).
 * An alert's status is {@code resolved} once its {@code endsAt} has passed; a firing alert's
 * {@code endsAt} is Go's zero time, as Alertmanager hides an end that has not come yet. Large
 * batches are split rather than truncated, so {@code truncatedAlerts} is always 0.
 */
final class WebhookFormat implements PayloadFormat {

    /** The group label naming the workspace. */
    static final String WORKSPACE = "workspace";

    private final String receiver;
    private final String externalUrl;

    WebhookFormat(String receiver, String externalUrl) {
        this.receiver = receiver;
        this.externalUrl = externalUrl;
    }

    @Override
    public String pathSuffix() {
        return "";
    }

    @Override
    public boolean oneWorkspacePerBatch() {
        return true;
    }

    @Override
    public byte[] encode(List<QueuedAlert> batch, long nowMillis) {
        String workspaceId = batch.get(0).workspaceId();
        Labels groupLabels = Labels.of(WORKSPACE, workspaceId);
        boolean anyFiring = false;
        Labels commonLabels = null;
        Map<String, String> commonAnnotations = null;
        for (QueuedAlert q : batch) {
            Alert a = q.alert();
            anyFiring |= !a.resolvedAt(nowMillis);
            commonLabels = commonLabels == null ? a.labels() : common(commonLabels, a.labels());
            commonAnnotations = commonAnnotations == null ? a.annotations() : common(commonAnnotations, a.annotations());
        }
        JsonWriter json = new JsonWriter().beginObject()
                .name("receiver").value(receiver)
                .name("status").value(anyFiring ? "firing" : "resolved")
                .name("alerts").beginArray();
        for (QueuedAlert q : batch) {
            Alert a = q.alert();
            boolean resolved = a.resolvedAt(nowMillis);
            json.beginObject()
                    .name("status").value(resolved ? "resolved" : "firing")
                    .name("labels").value(a.labels())
                    .name("annotations").value(a.annotations())
                    .name("startsAt").value(a.startsAtMillis() == 0 ? Rfc3339.ZERO : Rfc3339.trimmed(a.startsAtMillis()))
                    .name("endsAt").value(resolved && a.endsAtMillis() != 0 ? Rfc3339.trimmed(a.endsAtMillis()) : Rfc3339.ZERO)
                    .name("generatorURL").value(a.generatorUrl())
                    .name("fingerprint").value(Fingerprint.of(a.labels()))
                    .endObject();
        }
        return json.endArray()
                .name("groupLabels").value(groupLabels)
                .name("commonLabels").value(commonLabels)
                .name("commonAnnotations").value(commonAnnotations)
                .name("externalURL").value(externalUrl)
                .name("version").value("4")
                .name("groupKey").value("{}:" + groupLabels)
                .name("truncatedAlerts").value(0)
                .endObject().toBytes();
    }

    /** The annotations both have with the same text. */
    private static Map<String, String> common(Map<String, String> a, Map<String, String> b) {
        if (a.equals(b)) {
            return a;
        }
        Map<String, String> common = new TreeMap<>();
        a.forEach((name, text) -> {
            if (text.equals(b.get(name))) {
                common.put(name, text);
            }
        });
        return common;
    }

    /** The labels both sets have with the same value. */
    private static Labels common(Labels a, Labels b) {
        if (a.equals(b)) {
            return a;
        }
        Labels.Builder common = Labels.builder();
        for (int i = 0; i < a.size(); i++) {
            if (a.value(i).equals(b.get(a.name(i)))) {
                common.set(a.name(i), a.value(i));
            }
        }
        return common.build();
    }
}
