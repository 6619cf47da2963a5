package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hearth.spi.ingest.IngestRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus (2.42) scrapes itself and remote-writes to a capturing HTTP server on
 * loopback; every captured request must decode, with the series and metadata Prometheus sends.
 */
class PrometheusSenderTest {

    @TempDir
    Path temp;

    @Test
    void decodesWhatARealPrometheusSends() throws Exception {
        List<IngestRequest> captured = new CopyOnWriteArrayList<>();
        HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        capture.createContext("/api/v1/write", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            captured.add(new IngestRequest("remote_write", headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        capture.start();
        int port = freePort();
        Files.writeString(temp.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: self
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config:
                      batch_send_deadline: 1s
                    metadata_config:
                      send_interval: 1s
                """.formatted(port, capture.getAddress().getPort()));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + temp.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + temp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(temp.resolve("prometheus.log").toFile()).start();
        try {
            RecordingSink sink = new RecordingSink();
            RemoteWriteV1Codec codec = new RemoteWriteV1Codec(64 << 20);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int decoded = 0;
            while (System.nanoTime() < deadline && (sink.series.stream().noneMatch(s -> "up".equals(s.labels().get("__name__")))
                    || sink.metadata.isEmpty())) {
                assertTrue(prometheus.isAlive(), () -> "prometheus exited: " + log());
                while (decoded < captured.size()) {
                    IngestRequest request = captured.get(decoded++);
                    assertTrue(codec.accepts(request), "the v1 codec takes Prometheus's request: " + request.headers());
                    codec.decode(request, sink);
                }
                Thread.sleep(200);
            }
            RecordingSink.Series up = sink.named("up");
            assertEquals("self", up.labels().get("job"));
            assertEquals("127.0.0.1:" + port, up.labels().get("instance"));
            assertFalse(up.samples().isEmpty());
            assertEquals(1.0, Double.longBitsToDouble(up.samples().get(0)[1]));
            assertTrue(sink.metadata.stream().anyMatch(m -> m.startsWith("prometheus_build_info|gauge|A metric with a constant '1'")),
                    () -> sink.metadata.size() + " metadata entries, none for prometheus_build_info");
            assertTrue(sink.metadata.stream().anyMatch(m -> m.startsWith("go_gc_duration_seconds|summary|")));
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
            capture.stop(0);
        }
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
