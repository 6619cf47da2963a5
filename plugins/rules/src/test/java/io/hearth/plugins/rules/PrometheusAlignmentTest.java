package io.hearth.plugins.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's 2.42) evaluates a group, and the timestamp of what it records sits on
 * the phase {@link GroupSlots} computes for the same file and group name: Hearth spreads groups
 * over their interval exactly as Prometheus does.
 */
class PrometheusAlignmentTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9.]+)\"\\]");

    @TempDir
    Path dir;

    @Test
    void recordedSamplesLandOnTheSamePhaseAsHearthComputes() throws Exception {
        assertTrue(Files.isExecutable(PROMETHEUS), "prometheus is missing: apt-get install -y prometheus");
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: aligned
                    interval: 5s
                    rules:
                      - record: aligned:one
                        expr: vector(1)
                """);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  evaluation_interval: 5s\nrule_files:\n  - " + rules + "\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String query = URLEncoder.encode("timestamp(aligned:one)", StandardCharsets.UTF_8);
            long deadline = System.currentTimeMillis() + 60_000;
            Long sampleMillis = null;
            while (sampleMillis == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + query))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    Matcher m = VALUE.matcher(r.body());
                    if (m.find()) {
                        sampleMillis = Math.round(Double.parseDouble(m.group(1)) * 1000);
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
            }
            assertTrue(sampleMillis != null, "Prometheus recorded nothing within 60 s: "
                    + Files.readString(dir.resolve("prometheus.log")));
            long offsetMillis = GroupSlots.offsetNanos(GroupSlots.hash(rules.toString(), "aligned"), 5000) / 1_000_000;
            assertEquals(offsetMillis, Math.floorMod(sampleMillis, 5000L),
                    "the phase of Prometheus's evaluations of group aligned in " + rules);
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
