package io.hearth.plugins.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hearth.plugins.notifier.AlertmanagerProcess;
import io.hearth.plugins.notifier.QueuedAlert;
import io.hearth.plugins.notifier.RecordingTarget;
import io.hearth.plugins.notifier.Rfc3339;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.storage.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook body against the one the real Alertmanager (Debian's 0.25) sends for the same alert:
 * every alert field (status, labels, annotations, times, generator URL, fingerprint) and the
 * message's status, common labels and annotations, version and set of fields are the same, firing
 * and resolved. Receiver, group labels, group key and external URL differ by design.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebhookAgainstAlertmanagerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void hearthsMessageMatchesAlertmanagersFiringAndResolved() throws Exception {
        AlertmanagerProcess.requireBinary();
        try (RecordingTarget hook = RecordingTarget.started();
                AlertmanagerProcess am = AlertmanagerProcess.start(dir, """
                        route:
                          receiver: hook
                          group_by: ['...']
                          group_wait: 0s
                          group_interval: 1s
                          repeat_interval: 1h
                        receivers:
                          - name: hook
                            webhook_configs:
                              - url: %s
                                send_resolved: true
                        """.formatted(hook.url("/hook")));
                HttpClient client = HttpClient.newHttpClient()) {
            long now = System.currentTimeMillis();
            long startsAt = now - 60_000 - now % 1000 + 250; // a fraction Go trims to .25
            Labels labels = Labels.of("alertname", "HearthWebhookInterop", "severity", "page", "instance", "10.0.0.1:9100",
                    "note", "ünïcödé \"quoted\"");
            Labels annotations = Labels.of("summary", "down", "description", "line one\nline two");
            String generator = "http://hearth.example/graph?g0.expr=up%20%3D%3D%200";
            Alert firing = new Alert(labels, annotations, startsAt, now + 240_000, generator);

            post(client, am, firing);
            JsonObject theirs = awaitMessage(hook, "firing");
            JsonObject ours = ours(firing, System.currentTimeMillis());
            assertSameMessage(theirs, ours);

            Alert resolved = new Alert(labels, annotations, startsAt, System.currentTimeMillis() - 1, generator);
            post(client, am, resolved);
            theirs = awaitMessage(hook, "resolved");
            ours = ours(resolved, System.currentTimeMillis());
            assertSameMessage(theirs, ours);
        }
    }

    private static JsonObject ours(Alert alert, long now) {
        byte[] body = new WebhookFormat("hearth", "").encode(List.of(new QueuedAlert("ws-1", alert)), now);
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static void assertSameMessage(JsonObject theirs, JsonObject ours) {
        assertEquals(theirs.keySet(), ours.keySet(), "the same fields");
        for (String field : Set.of("status", "commonLabels", "commonAnnotations", "version", "truncatedAlerts")) {
            assertEquals(theirs.get(field), ours.get(field), field);
        }
        assertEquals(1, theirs.getAsJsonArray("alerts").size());
        JsonObject theirAlert = theirs.getAsJsonArray("alerts").get(0).getAsJsonObject();
        JsonObject ourAlert = ours.getAsJsonArray("alerts").get(0).getAsJsonObject();
        assertEquals(theirAlert.keySet(), ourAlert.keySet());
        for (String field : theirAlert.keySet()) {
            assertEquals(theirAlert.get(field), ourAlert.get(field), "alert field " + field);
        }
    }

    /** Posts one alert to Alertmanager's v2 API, as a notifier would. */
    private static void post(HttpClient client, AlertmanagerProcess am, Alert a) throws Exception {
        String json = "[{\"labels\":" + labelsJson(a.labels()) + ",\"annotations\":" + new io.hearth.plugins.notifier.JsonWriter().value(a.annotations())
                + ",\"startsAt\":\"" + Rfc3339.millis(a.startsAtMillis()) + "\",\"endsAt\":\"" + Rfc3339.millis(a.endsAtMillis())
                + "\",\"generatorURL\":\"" + a.generatorUrl() + "\"}]";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(am.url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String labelsJson(Labels labels) {
        return new io.hearth.plugins.notifier.JsonWriter().value(labels).toString();
    }

    private static JsonObject awaitMessage(RecordingTarget hook, String status) throws Exception {
        List<RecordingTarget.Request> got = hook.await(rs -> rs.stream().anyMatch(r -> hasStatus(r, status)), WAIT);
        for (RecordingTarget.Request r : got) {
            if (hasStatus(r, status)) {
                return JsonParser.parseString(r.body()).getAsJsonObject();
            }
        }
        throw new AssertionError("unreachable");
    }

    private static boolean hasStatus(RecordingTarget.Request r, String status) {
        JsonElement s = JsonParser.parseString(r.body()).getAsJsonObject().get("status");
        return s != null && s.getAsString().equals(status);
    }
}
