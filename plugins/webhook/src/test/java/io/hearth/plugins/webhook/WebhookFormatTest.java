package io.hearth.plugins.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hearth.plugins.notifier.QueuedAlert;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body is Alertmanager's webhook message, version 4. */
class WebhookFormatTest {

    private static final long NOW = Instant.parse("2026-11-27T10:05:00Z").toEpochMilli();
    private static final long STARTS = Instant.parse("2026-11-27T10:00:00.250Z").toEpochMilli();

    private static String encode(List<Alert> alerts) {
        List<QueuedAlert> batch = alerts.stream().map(a -> new QueuedAlert("ws-1", a)).toList();
        return new String(new WebhookFormat("hearth", "http://hearth.example:9009").encode(batch, NOW), StandardCharsets.UTF_8);
    }

    @Test
    void aFiringAndAResolvedAlertInOneMessage() {
        Alert firing = new Alert(Labels.of("alertname", "Down", "job", "api", "instance", "a"),
                Labels.of("summary", "a is down", "runbook", "http://wiki/down"), STARTS, NOW + 240_000, "http://g/1");
        Alert resolved = new Alert(Labels.of("alertname", "Down", "job", "api", "instance", "b"),
                Labels.of("summary", "b is down", "runbook", "http://wiki/down"), STARTS, NOW - 1_000, "http://g/1");
        String body = encode(List.of(firing, resolved));
        assertEquals("{\"receiver\":\"hearth\",\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Down\",\"instance\":\"a\",\"job\":\"api\"},"
                + "\"annotations\":{\"runbook\":\"http://wiki/down\",\"summary\":\"a is down\"},"
                + "\"startsAt\":\"2026-11-27T10:00:00.25Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://g/1\","
                + "\"fingerprint\":\"" + Fingerprint.of(firing.labels()) + "\"},"
                + "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"Down\",\"instance\":\"b\",\"job\":\"api\"},"
                + "\"annotations\":{\"runbook\":\"http://wiki/down\",\"summary\":\"b is down\"},"
                + "\"startsAt\":\"2026-11-27T10:00:00.25Z\",\"endsAt\":\"2026-11-27T10:04:59Z\",\"generatorURL\":\"http://g/1\","
                + "\"fingerprint\":\"" + Fingerprint.of(resolved.labels()) + "\"}],"
                + "\"groupLabels\":{\"workspace\":\"ws-1\"},"
                + "\"commonLabels\":{\"alertname\":\"Down\",\"job\":\"api\"},"
                + "\"commonAnnotations\":{\"runbook\":\"http://wiki/down\"},"
                + "\"externalURL\":\"http://hearth.example:9009\",\"version\":\"4\","
                + "\"groupKey\":\"{}:{workspace=\\\"ws-1\\\"}\",\"truncatedAlerts\":0}", body);
        JsonObject parsed = JsonParser.parseString(body).getAsJsonObject();
        assertEquals("{}:{workspace=\"ws-1\"}", parsed.get("groupKey").getAsString());
    }

    @Test
    void allResolvedMakesTheMessageResolved() {
        Alert a = new Alert(Labels.of("alertname", "X"), Labels.EMPTY, STARTS, NOW, "");
        JsonObject parsed = JsonParser.parseString(encode(List.of(a))).getAsJsonObject();
        assertEquals("resolved", parsed.get("status").getAsString());
        JsonObject alert = parsed.getAsJsonArray("alerts").get(0).getAsJsonObject();
        assertEquals("resolved", alert.get("status").getAsString());
        assertEquals("2026-11-27T10:05:00Z", alert.get("endsAt").getAsString());
        assertEquals("", alert.get("generatorURL").getAsString());
        assertEquals(0, alert.getAsJsonObject("annotations").size());
        assertEquals("{\"alertname\":\"X\"}", parsed.getAsJsonObject("commonLabels").toString(), "one alert: all its labels are common");
    }

    @Test
    void aZeroStartIsGosZeroTime() {
        JsonObject alert = JsonParser.parseString(encode(List.of(new Alert(Labels.of("alertname", "X"), Labels.EMPTY, 0, 0, ""))))
                .getAsJsonObject().getAsJsonArray("alerts").get(0).getAsJsonObject();
        assertEquals("0001-01-01T00:00:00Z", alert.get("startsAt").getAsString());
        assertTrue(alert.get("status").getAsString().equals("resolved"), "endsAt 0 has passed");
    }

    @Test
    void fingerprintsAreAlertmanagers() {
        assertEquals("cbf29ce484222325", Fingerprint.of(Labels.EMPTY), "FNV-1a's offset basis for no labels");
        assertEquals(16, Fingerprint.of(Labels.of("alertname", "日本")).length());
        // Alertmanager's own fingerprints are compared in WebhookAgainstAlertmanagerTest.
    }
}
