package io.hearth.plugins.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hearth.plugins.notifier.RecordingTarget;
import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierFactory;
import io.hearth.spi.rules.NotifierStats;
import io.hearth.spi.storage.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The notifier as the kernel gets it, posting webhook messages to a real socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookNotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    static Notifier create(Map<String, String> properties) {
        List<NotifierFactory> found = new ArrayList<>();
        ServiceLoader.load(HearthPlugin.class).forEach(p -> found.addAll(p.notifierFactories()));
        assertEquals(List.of("webhook"), found.stream().map(NotifierFactory::name).toList());
        return found.get(0).create(new PluginContext(Path.of("data"), "us-east-1", "000000000000", properties,
                IdentityDirectory.EMPTY));
    }

    private static List<Alert> alerts(String name, int n) {
        long now = System.currentTimeMillis();
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Alert(Labels.of("alertname", name, "i", Integer.toString(i)),
                Labels.of("summary", "s"), now - 60_000, now + 240_000, "")).toList();
    }

    private static int alertCount(List<RecordingTarget.Request> requests) {
        return requests.stream().mapToInt(r -> JsonParser.parseString(r.body()).getAsJsonObject()
                .getAsJsonArray("alerts").size()).sum();
    }

    @Test
    void oneMessagePerWorkspaceBatchPostedToTheUrlItself() throws Exception {
        try (RecordingTarget hook = RecordingTarget.started();
                Notifier n = create(Map.of("urls", hook.url("/hooks/alerts?token=t").toString(), "batch-size", "3",
                        "external-url", "http://hearth.example:9009"))) {
            n.send(new AlertDelivery("ws-a", List.of(), alerts("A", 4)));
            n.send(new AlertDelivery("ws-b", List.of(), alerts("B", 2)));
            List<RecordingTarget.Request> got = hook.await(r -> alertCount(r) == 6, WAIT);
            List<String> seen = new ArrayList<>();
            for (RecordingTarget.Request r : got) {
                assertEquals("/hooks/alerts?token=t", r.path());
                assertEquals("application/json", r.contentType());
                JsonObject m = JsonParser.parseString(r.body()).getAsJsonObject();
                String ws = m.getAsJsonObject("groupLabels").get("workspace").getAsString();
                assertEquals("hearth", m.get("receiver").getAsString());
                assertEquals("4", m.get("version").getAsString());
                assertEquals("firing", m.get("status").getAsString());
                assertEquals("http://hearth.example:9009", m.get("externalURL").getAsString());
                for (JsonElement a : m.getAsJsonArray("alerts")) {
                    String name = a.getAsJsonObject().getAsJsonObject("labels").get("alertname").getAsString();
                    assertEquals(ws.equals("ws-a") ? "A" : "B", name, "a message holds one workspace's alerts");
                    seen.add(ws + "/" + name + a.getAsJsonObject().getAsJsonObject("labels").get("i").getAsString());
                }
            }
            assertEquals(List.of("ws-a/A1", "ws-a/A2", "ws-a/A3", "ws-a/A4", "ws-b/B1", "ws-b/B2"), seen);
            assertEquals(3, got.size(), "A1-A3, A4, B1-B2");
        }
    }

    @Test
    void aHookThatIsDownIsRetried() throws Exception {
        try (RecordingTarget hook = RecordingTarget.down();
                Notifier n = create(Map.of("urls", hook.url("/h").toString(), "min-backoff", "50ms", "max-backoff", "200ms"))) {
            n.send(new AlertDelivery("ws-a", List.of(), alerts("A", 2)));
            Thread.sleep(500);
            hook.start();
            hook.await(r -> alertCount(r) == 2, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (n.stats().sent() < 2 && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            assertEquals(new NotifierStats(2, 0, 0, 0), n.stats());
        }
    }

    @Test
    void aWorkspaceOverrideIsPostedToAsItIs() throws Exception {
        try (RecordingTarget configured = RecordingTarget.started(); RecordingTarget own = RecordingTarget.started();
                Notifier n = create(Map.of("urls", configured.url("/h").toString(), "receiver", "team-hook"))) {
            n.send(new AlertDelivery("ws-own", List.of(own.url("/own")), alerts("A", 1)));
            RecordingTarget.Request r = own.await(q -> q.size() == 1, WAIT).get(0);
            assertEquals("/own", r.path());
            assertEquals("team-hook", JsonParser.parseString(r.body()).getAsJsonObject().get("receiver").getAsString());
            Thread.sleep(200);
            assertEquals(List.of(), configured.requests());
        }
    }
}
