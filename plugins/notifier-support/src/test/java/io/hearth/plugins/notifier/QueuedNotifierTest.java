package io.hearth.plugins.notifier;

import static io.hearth.plugins.notifier.AlertQueueTest.alerts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notifier contract with a minimal format, plus what depends on the format's choices. */
class QueuedNotifierTest extends NotifierContractTest {

    /** Posts {@code [{"ws":...,"alertname":...},...]}. */
    record TestFormat(boolean oneWorkspacePerBatch) implements PayloadFormat {

        @Override
        public String pathSuffix() {
            return "/in";
        }

        @Override
        public byte[] encode(List<QueuedAlert> batch, long nowMillis) {
            JsonWriter json = new JsonWriter().beginArray();
            for (QueuedAlert q : batch) {
                json.beginObject().name("ws").value(q.workspaceId())
                        .name("alertname").value(q.alert().labels().get("alertname")).endObject();
            }
            return json.endArray().toBytes();
        }
    }

    @Override
    protected Notifier create(Map<String, String> properties) {
        return new QueuedNotifier("test", NotifierSettings.read("test", properties, "/in"), new TestFormat(false));
    }

    @Override
    protected List<String> names(String body) {
        List<String> names = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(body).getAsJsonArray()) {
            names.add(e.getAsJsonObject().get("alertname").getAsString());
        }
        return names;
    }

    @Override
    protected String postPath(String urlPath) {
        return urlPath + "/in";
    }

    private static AlertDelivery delivery(String ws, String prefix, int count) {
        return new AlertDelivery(ws, List.of(), alerts(prefix, 1, count));
    }

    @Test
    void batchesHoldOneWorkspaceWhenTheFormatSaysSo() throws Exception {
        try (RecordingTarget target = RecordingTarget.down();
                QueuedNotifier n = new QueuedNotifier("test", NotifierSettings.read("test", urls(target), "/in"), new TestFormat(true))) {
            n.send(delivery("ws-1", "a", 1));
            awaitStats(n, s -> s.queued() == 0);
            n.send(delivery("ws-1", "b", 2));
            n.send(delivery("ws-2", "c", 2));
            n.send(delivery("ws-1", "d", 1));
            target.start();
            List<RecordingTarget.Request> got = target.await(r -> r.stream().mapToInt(q -> names(q.body()).size()).sum() == 6, WAIT);
            List<List<String>> workspaces = got.stream().map(r -> {
                List<String> ws = new ArrayList<>();
                JsonParser.parseString(r.body()).getAsJsonArray().forEach(e -> ws.add(e.getAsJsonObject().get("ws").getAsString()));
                return ws;
            }).toList();
            assertEquals(List.of(List.of("ws-1"), List.of("ws-1", "ws-1"), List.of("ws-2", "ws-2"), List.of("ws-1")), workspaces);
        }
    }

    @Test
    void senderThreadsSayWhatTheyAre() throws Exception {
        try (RecordingTarget target = RecordingTarget.started(); Notifier n = create(urls(target))) {
            String expected = "hearth-test-sender 127.0.0.1:" + target.url("").getPort() + "/base/in";
            assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(expected)),
                    "a thread named " + expected);
        }
    }
}
