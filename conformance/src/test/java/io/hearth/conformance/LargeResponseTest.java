package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large streamed answer (some 16 MB of series) read by a client slower than the server writes,
 * so the server's socket send buffer fills and writes complete partially: every byte must still
 * arrive in order and the chunked framing stay intact. Helidon 4.4.0's NIO sockets broke this.
 */
class LargeResponseTest {

    private static final int SERIES = 60_000;

    @TempDir
    Path temp;

    @Test
    void aSlowReaderGetsEveryByteOfALargeChunkedAnswer() throws Exception {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            long now = System.currentTimeMillis() * 1_000_000L;
            String padding = "x".repeat(200);
            for (int batch = 0; batch < SERIES / 5_000; batch++) {
                StringBuilder points = new StringBuilder();
                for (int i = 0; i < 5_000; i++) {
                    points.append(i == 0 ? "" : ",").append("{\"asInt\":\"1\",\"timeUnixNano\":\"").append(now)
                            .append("\",\"attributes\":[{\"key\":\"id\",\"value\":{\"stringValue\":\"series-")
                            .append(batch * 5_000 + i).append('-').append(padding).append("\"}}]}");
                }
                String body = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                        + "{\"stringValue\":\"large\"}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":\"large_gauge\","
                        + "\"gauge\":{\"dataPoints\":[" + points + "]}}]}]}]}";
                given().contentType("application/json").body(body)
                        .post(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/otlp/v1/metrics").then().statusCode(200);
            }
            URI uri = URI.create(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/series?match%5B%5D=large_gauge");
            for (int round = 0; round < 3; round++) {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setReadTimeout(30_000);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InputStream in = c.getInputStream()) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                        Thread.sleep(2); // slower than the server: its send buffer fills
                    }
                }
                JsonPath answer = JsonPath.from(out.toString(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals("success", answer.getString("status"));
                assertEquals(SERIES, answer.getList("data").size(), "round " + round);
            }
        }
    }
}
