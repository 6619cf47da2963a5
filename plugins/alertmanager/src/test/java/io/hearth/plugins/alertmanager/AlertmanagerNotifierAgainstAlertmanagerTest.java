package io.hearth.plugins.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hearth.plugins.notifier.AlertmanagerProcess;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierStats;
import io.hearth.spi.storage.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real Alertmanager (Debian's 0.25): what the notifier posts is accepted, shows up
 * in Alertmanager's own API with the same labels, annotations and times, and a resolved alert stops
 * being active there.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AlertmanagerNotifierAgainstAlertmanagerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONFIG = """
            route:
              receiver: 'null'
            receivers:
              - name: 'null'
            """;

    @TempDir
    static Path dir;
    static AlertmanagerProcess am;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        am = AlertmanagerProcess.start(dir, CONFIG);
    }

    @AfterAll
    static void stopAlertmanager() {
        if (am != null) {
            am.close();
        }
    }

    private static Notifier notifier() {
        return AlertmanagerNotifierTest.create(Map.of("urls", am.url().toString(), "min-backoff", "50ms", "max-backoff", "1s"));
    }

    /** The alert with this alertname among those Alertmanager lists as active, if any. */
    private static Optional<JsonObject> active(String alertname) throws Exception {
        JsonArray alerts = JsonParser.parseString(am.get("/api/v2/alerts?active=true&silenced=false&inhibited=false"))
                .getAsJsonArray();
        for (JsonElement e : alerts) {
            JsonObject a = e.getAsJsonObject();
            if (alertname.equals(a.getAsJsonObject("labels").get("alertname").getAsString())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static JsonObject awaitActive(String alertname) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<JsonObject> a = active(alertname);
            if (a.isPresent()) {
                return a.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(alertname + " never became active in Alertmanager; its log:\n" + am.log());
            }
            Thread.sleep(100);
        }
    }

    private static void awaitNotActive(String alertname) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (active(alertname).isPresent()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(alertname + " is still active in Alertmanager; its log:\n" + am.log());
            }
            Thread.sleep(100);
        }
    }

    private static void awaitStats(Notifier n, NotifierStats expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!n.stats().equals(expected) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertEquals(expected, n.stats());
    }

    @Test
    void aFiringAlertBecomesActiveAndItsResolutionEndsIt() throws Exception {
        long now = System.currentTimeMillis();
        long startsAt = now - 60_000;
        Labels labels = Labels.of("alertname", "HearthNotifierInterop", "severity", "page", "job", "api", "instance", "10.0.0.1:9100");
        Labels annotations = Labels.of("summary", "instance 10.0.0.1:9100 is down", "description", "down for 1m — \"ünïcödé\"\nsecond line");
        String generator = "http://hearth.example/workspaces/ws-1/graph?g0.expr=up%20%3D%3D%200&g0.tab=1";
        try (Notifier n = notifier()) {
            n.send(new AlertDelivery("ws-1", List.of(), List.of(new Alert(labels, annotations, startsAt, now + 240_000, generator))));
            JsonObject firing = awaitActive("HearthNotifierInterop");
            assertEquals(labels.toMap(), asMap(firing.getAsJsonObject("labels")));
            assertEquals(annotations.toMap(), asMap(firing.getAsJsonObject("annotations")));
            assertEquals("active", firing.getAsJsonObject("status").get("state").getAsString());
            assertEquals(generator, firing.get("generatorURL").getAsString());
            assertEquals(startsAt, Instant.parse(firing.get("startsAt").getAsString()).toEpochMilli());
            assertEquals(now + 240_000, Instant.parse(firing.get("endsAt").getAsString()).toEpochMilli());
            assertEquals("null", firing.getAsJsonArray("receivers").get(0).getAsJsonObject().get("name").getAsString());

            n.send(new AlertDelivery("ws-1", List.of(), List.of(new Alert(labels, annotations, startsAt,
                    System.currentTimeMillis(), generator))));
            awaitNotActive("HearthNotifierInterop");
            awaitStats(n, new NotifierStats(2, 0, 0, 0));
        }
    }

    @Test
    void manyAlertsArriveInBatches() throws Exception {
        long now = System.currentTimeMillis();
        List<Alert> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            alerts.add(new Alert(Labels.of("alertname", "HearthBatch", "i", Integer.toString(i)), Labels.EMPTY,
                    now, now + 240_000, ""));
        }
        try (Notifier n = notifier()) {
            n.send(new AlertDelivery("ws-1", List.of(), alerts));
            awaitStats(n, new NotifierStats(150, 0, 0, 0));
            long count = 0;
            for (JsonElement e : JsonParser.parseString(am.get("/api/v2/alerts?filter=alertname%3D%22HearthBatch%22"))
                    .getAsJsonArray()) {
                count++;
                assertEquals("HearthBatch", e.getAsJsonObject().getAsJsonObject("labels").get("alertname").getAsString());
            }
            assertEquals(150, count);
        }
    }

    @Test
    void anAlertAlertmanagerRefusesIsCountedFailedNotRetried() throws Exception {
        try (Notifier n = notifier()) {
            // Alertmanager refuses an alert without labels with 400 ("at least one label pair required").
            n.send(new AlertDelivery("ws-1", List.of(), List.of(new Alert(Labels.EMPTY, Labels.EMPTY, 0, 0, ""))));
            awaitStats(n, new NotifierStats(0, 1, 0, 0));
            Thread.sleep(300);
            assertEquals(new NotifierStats(0, 1, 0, 0), n.stats());
        }
    }

    private static Map<String, String> asMap(JsonObject o) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        return m;
    }
}
