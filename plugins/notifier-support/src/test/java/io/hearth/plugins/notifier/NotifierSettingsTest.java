package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierSettingsTest {

    @Test
    void defaultsArePrometheusDefaults() {
        NotifierSettings s = NotifierSettings.read("alertmanager", Map.of(), "/api/v2/alerts");
        assertEquals(List.of(), s.targets());
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals(10_000, s.queueCapacity());
        assertEquals(64, s.batchSize());
        assertEquals(Duration.ofMillis(100), s.minBackoff());
        assertEquals(Duration.ofSeconds(10), s.maxBackoff());
    }

    @Test
    void readsEverySetting() {
        NotifierSettings s = NotifierSettings.read("alertmanager", Map.of(
                "urls", "http://127.0.0.1:9093, ,http://127.0.0.1:9094/am",
                "timeout", "2s", "queue-capacity", "500", "batch-size", "10", "min-backoff", "10ms",
                "max-backoff", "1s", "max-retry-duration", "30s", "drain-timeout", "1s"), "/api/v2/alerts");
        assertEquals(List.of(URI.create("http://127.0.0.1:9093/api/v2/alerts"), URI.create("http://127.0.0.1:9094/am/api/v2/alerts")),
                s.targets().stream().map(Target::endpoint).toList());
        assertEquals(new NotifierSettings(s.targets(), Duration.ofSeconds(2), 500, 10, Duration.ofMillis(10),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1)), s);
    }

    @Test
    void aBadValueNamesItsProperty() {
        assertMessage("hearth.webhook.urls", Map.of("urls", "mailto:x@y"));
        assertMessage("hearth.webhook.timeout", Map.of("timeout", "10"));
        assertMessage("hearth.webhook.queue-capacity", Map.of("queue-capacity", "0"));
        assertMessage("hearth.webhook.batch-size", Map.of("batch-size", "lots"));
        assertMessage("max-backoff", Map.of("min-backoff", "2s", "max-backoff", "1s"));
    }

    private static void assertMessage(String expected, Map<String, String> properties) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifierSettings.read("webhook", properties, ""));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
