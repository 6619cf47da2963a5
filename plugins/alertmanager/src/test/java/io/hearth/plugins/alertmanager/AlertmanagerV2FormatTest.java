package io.hearth.plugins.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hearth.plugins.notifier.QueuedAlert;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The body is Alertmanager v2's {@code PostableAlerts}, field for field. */
class AlertmanagerV2FormatTest {

    private static final long STARTS = Instant.parse("2026-11-27T10:00:00.250Z").toEpochMilli();
    private static final long ENDS = Instant.parse("2026-11-27T10:04:00Z").toEpochMilli();

    private static JsonArray encode(AlertmanagerV2Format format, QueuedAlert... alerts) {
        return JsonParser.parseString(new String(format.encode(List.of(alerts), 0), StandardCharsets.UTF_8)).getAsJsonArray();
    }

    @Test
    void aFiringAlertHasEveryField() {
        Alert alert = new Alert(Labels.of("alertname", "HighLatency", "severity", "page", "job", "api"),
                Labels.of("summary", "p99 is 1.5s", "description", "line one\nline \"two\" — ünïcödé"), STARTS, ENDS,
                "http://hearth.example/workspaces/ws-1/graph?g0.expr=up%3D%3D0&g0.tab=1");
        String body = new String(new AlertmanagerV2Format("").encode(List.of(new QueuedAlert("ws-1", alert)), 0),
                StandardCharsets.UTF_8);
        assertEquals("[{\"labels\":{\"alertname\":\"HighLatency\",\"job\":\"api\",\"severity\":\"page\"},"
                + "\"annotations\":{\"description\":\"line one\\nline \\\"two\\\" — ünïcödé\",\"summary\":\"p99 is 1.5s\"},"
                + "\"startsAt\":\"2026-11-27T10:00:00.250Z\",\"endsAt\":\"2026-11-27T10:04:00.000Z\","
                + "\"generatorURL\":\"http://hearth.example/workspaces/ws-1/graph?g0.expr=up%3D%3D0&g0.tab=1\"}]", body);
        JsonObject parsed = JsonParser.parseString(body).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("line one\nline \"two\" — ünïcödé", parsed.getAsJsonObject("annotations").get("description").getAsString());
        assertEquals(STARTS, Instant.parse(parsed.get("startsAt").getAsString()).toEpochMilli());
    }

    @Test
    void anAnnotationWithAnEmptyTextIsSent() {
        JsonObject a = encode(new AlertmanagerV2Format(""), new QueuedAlert("ws-1", new Alert(Labels.of("alertname", "A"),
                java.util.Map.of("runbook", "", "summary", "s"), STARTS, 0, ""))).get(0).getAsJsonObject();
        assertEquals("{\"runbook\":\"\",\"summary\":\"s\"}", a.getAsJsonObject("annotations").toString());
    }

    @Test
    void zeroTimesEmptyAnnotationsAndNoGeneratorAreLeftOut() {
        JsonArray a = encode(new AlertmanagerV2Format(""),
                new QueuedAlert("ws-1", new Alert(Labels.of("alertname", "A"), Labels.EMPTY, 0, 0, "")),
                new QueuedAlert("ws-2", new Alert(Labels.of("alertname", "B"), Labels.EMPTY, STARTS, 0, "")));
        assertEquals(2, a.size());
        assertEquals(Set.of("labels"), a.get(0).getAsJsonObject().keySet());
        assertEquals(Set.of("labels", "startsAt"), a.get(1).getAsJsonObject().keySet());
    }

    @Test
    void theWorkspaceLabelIsAddedOnlyWhenConfigured() {
        Alert alert = new Alert(Labels.of("alertname", "A", "zone", "z1"), Labels.EMPTY, STARTS, ENDS, "");
        JsonObject without = encode(new AlertmanagerV2Format(""), new QueuedAlert("ws-7", alert)).get(0).getAsJsonObject();
        assertFalse(without.getAsJsonObject("labels").has("hearth_workspace"));
        JsonObject with = encode(new AlertmanagerV2Format("hearth_workspace"), new QueuedAlert("ws-7", alert))
                .get(0).getAsJsonObject();
        assertEquals("{\"alertname\":\"A\",\"hearth_workspace\":\"ws-7\",\"zone\":\"z1\"}", with.getAsJsonObject("labels").toString());
        assertThrows(IllegalArgumentException.class, () -> new AlertmanagerV2Format("not-a-label"));
    }

    @Test
    void postsToTheV2AlertsPathAndMixesWorkspaces() {
        AlertmanagerV2Format format = new AlertmanagerV2Format("");
        assertEquals("/api/v2/alerts", format.pathSuffix());
        assertFalse(format.oneWorkspacePerBatch());
    }
}
