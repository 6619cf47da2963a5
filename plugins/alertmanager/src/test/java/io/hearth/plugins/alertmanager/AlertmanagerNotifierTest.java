package io.hearth.plugins.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The notifier as the kernel gets it: found through ServiceLoader, built from properties, posting to a real socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlertmanagerNotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    static NotifierFactory factory() {
        List<NotifierFactory> found = new ArrayList<>();
        ServiceLoader.load(HearthPlugin.class).forEach(p -> found.addAll(p.notifierFactories()));
        assertEquals(1, found.size(), "one notifier factory on this module's class path");
        assertEquals("alertmanager", found.get(0).name());
        return found.get(0);
    }

    static Notifier create(Map<String, String> properties) {
        return factory().create(new PluginContext(Path.of("data"), "us-east-1", "000000000000", properties,
                IdentityDirectory.EMPTY));
    }

    private static List<Alert> alerts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Alert(Labels.of("alertname", "A", "i", Integer.toString(i)),
                Labels.of("summary", "number " + i), 1_700_000_000_000L, 1_700_000_240_000L, "")).toList();
    }

    private static List<String> indexes(String body) {
        List<String> is = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(body).getAsJsonArray()) {
            is.add(e.getAsJsonObject().getAsJsonObject("labels").get("i").getAsString());
        }
        return is;
    }

    @Test
    void sends150AlertsInBatchesOfAtMost64() throws Exception {
        try (RecordingTarget am = RecordingTarget.started();
                Notifier n = create(Map.of("urls", am.url("").toString()))) {
            n.send(new AlertDelivery("ws-1", List.of(), alerts(150)));
            List<RecordingTarget.Request> got = am.await(r -> r.stream().mapToInt(q -> indexes(q.body()).size()).sum() == 150, WAIT);
            List<String> all = new ArrayList<>();
            for (RecordingTarget.Request r : got) {
                assertEquals("/api/v2/alerts", r.path());
                assertEquals("application/json", r.contentType());
                List<String> batch = indexes(r.body());
                assertTrue(batch.size() <= 64, "a batch of " + batch.size());
                all.addAll(batch);
            }
            assertTrue(got.size() >= 3, got.size() + " POSTs");
            assertEquals(IntStream.rangeClosed(1, 150).mapToObj(Integer::toString).toList(), all);
        }
    }

    @Test
    void aPathPrefixAndCredentialsInTheUrlAreHonoured() throws Exception {
        try (RecordingTarget am = RecordingTarget.started()) {
            String url = am.url("/alertmanager/").toString().replace("http://", "http://hearth:p%40ss@");
            try (Notifier n = create(Map.of("urls", url))) {
                n.send(new AlertDelivery("ws-1", List.of(), alerts(1)));
                RecordingTarget.Request r = am.await(q -> q.size() == 1, WAIT).get(0);
                assertEquals("/alertmanager/api/v2/alerts", r.path());
                assertEquals("Basic " + Base64.getEncoder().encodeToString("hearth:p@ss".getBytes(StandardCharsets.UTF_8)),
                        r.authorization());
            }
        }
    }

    @Test
    void aWorkspaceOverrideIsABaseUrlToo() throws Exception {
        try (RecordingTarget configured = RecordingTarget.started(); RecordingTarget own = RecordingTarget.started();
                Notifier n = create(Map.of("urls", configured.url("").toString(), "workspace-label", "workspace"))) {
            n.send(new AlertDelivery("ws-own", List.of(own.url("/am")), alerts(2)));
            RecordingTarget.Request r = own.await(q -> q.size() == 1, WAIT).get(0);
            assertEquals("/am/api/v2/alerts", r.path());
            assertEquals("ws-own", JsonParser.parseString(r.body()).getAsJsonArray().get(0).getAsJsonObject()
                    .getAsJsonObject("labels").get("workspace").getAsString());
            Thread.sleep(200);
            assertEquals(List.of(), configured.requests());
        }
    }

    @Test
    void countsWhatItSent() throws Exception {
        try (RecordingTarget a = RecordingTarget.started(); RecordingTarget b = RecordingTarget.started();
                Notifier n = create(Map.of("urls", a.url("") + "," + b.url("")))) {
            n.send(new AlertDelivery("ws-1", List.of(), alerts(5)));
            a.await(r -> r.size() == 1, WAIT);
            b.await(r -> r.size() == 1, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (n.stats().sent() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(new NotifierStats(10, 0, 0, 0), n.stats(), "five alerts to each of two Alertmanagers");
        }
    }
}
