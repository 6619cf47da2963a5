package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote write endpoint with real senders: Debian's Prometheus (unsigned, so access control
 * is off here) and exact hand-built payloads for the error cases and for durability.
 */
class RemoteWriteIngestTest {

    private static final String V1 = "application/x-protobuf";
    private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    @TempDir
    Path temp;

    @Test
    void prometheusRemoteWritesIntoAWorkspace() throws Exception {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            String ws = workspace(hearth);
            try (PrometheusProcess prometheus = PrometheusProcess.start(temp.resolve("prometheus"),
                    hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                // The series gauge moves at append, the samples counter once the write is durable.
                while ((metric(hearth, "hearth_workspace_series", ws) < 50 || metric(hearth, "hearth_ingest_samples_total", ws) < 50)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertTrue(metric(hearth, "hearth_workspace_series", ws) >= 50, "Prometheus's own series arrived\n"
                        + prometheus.log());
                assertTrue(metric(hearth, "hearth_ingest_samples_total", ws) >= 50);
                assertTrue(!prometheus.log().contains("non-recoverable error"), prometheus.log());
                // Prometheus sends metric metadata every minute; the first batch comes at start-up.
                long metadataDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < metadataDeadline && given().queryParam("metric", "prometheus_build_info")
                        .get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/metadata").jsonPath()
                        .getMap("data").isEmpty()) {
                    Thread.sleep(500);
                }
                given().queryParam("metric", "prometheus_build_info").get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/metadata")
                        .then().statusCode(200).body("data.prometheus_build_info[0].type", org.hamcrest.Matchers.equalTo("gauge"));
                // Prometheus's metadata limits: 0 gives nothing, a negative number everything
                String metadata = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/metadata";
                given().queryParam("limit", "0").get(metadata).then().statusCode(200)
                        .body("data", org.hamcrest.Matchers.anEmptyMap());
                given().queryParam("limit", "1").get(metadata).then().statusCode(200)
                        .body("data.size()", org.hamcrest.Matchers.equalTo(1));
                given().queryParam("limit", "-1").get(metadata).then().statusCode(200)
                        .body("data.size()", org.hamcrest.Matchers.greaterThan(1));
                given().queryParam("limit", "x").get(metadata).then().statusCode(400)
                        .body("error", org.hamcrest.Matchers.equalTo("limit must be a number"));
            }
        }
    }

    @Test
    void badBodiesGetTheirStatusAndLoseNothing() {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            String ws = workspace(hearth);
            String url = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write";
            long now = System.currentTimeMillis();

            given().contentType(V1).header("Content-Encoding", "snappy").body("not snappy".getBytes()).post(url)
                    .then().statusCode(400).body(containsString("snappy"));
            given().contentType("application/json").body("{}").post(url).then().statusCode(415);
            given().contentType(V1).header("Content-Encoding", "snappy").body(new byte[0]).post(url)
                    .then().statusCode(400).body(containsString("empty"));
            given().contentType(V1).header("Content-Encoding", "snappy").body(RemoteWriteBodies.v1(now, 1, new String[] {"__name__", "ok"}))
                    .post(hearth.baseUrl() + "/workspaces/ws-00000000-0000-0000-0000-000000000000/api/v1/remote_write")
                    .then().statusCode(404);

            // One invalid series beside a valid one: the valid one is stored, the answer names the other.
            given().contentType(V1).header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .body(RemoteWriteBodies.v1(now, 1, new String[] {"__name__", "good_metric", "job", "a"},
                            new String[] {"job", "nameless"}))
                    .post(url).then().statusCode(400).body(containsString("{job=\"nameless\"}: missing metric name"));
            assertEquals(1, metric(hearth, "hearth_workspace_series", ws));

            Response v2 = given().contentType(V2).header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "2.0.0")
                    .body(RemoteWriteBodies.v2(now, 2, "__name__", "v2_metric", "job", "b")).post(url);
            assertEquals(204, v2.statusCode(), v2.asString());
            assertEquals("1", v2.header("X-Prometheus-Remote-Write-Samples-Written"));
            assertEquals("0", v2.header("X-Prometheus-Remote-Write-Histograms-Written"));
            assertEquals(2, metric(hearth, "hearth_workspace_series", ws));

            // Out of order and a duplicate with another value are refused; the same value again is fine.
            given().contentType(V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1(now - 60_000, 1, new String[] {"__name__", "good_metric", "job", "a"}))
                    .post(url).then().statusCode(400).body(containsString("out of order"));
            given().contentType(V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1(now, 1, new String[] {"__name__", "good_metric", "job", "a"}))
                    .post(url).then().statusCode(204);
            given().contentType(V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1(now, 5, new String[] {"__name__", "good_metric", "job", "a"}))
                    .post(url).then().statusCode(400).body(containsString("duplicate"));
            assertTrue(metricWithReason(hearth, ws, "missing_metric_name") >= 1);
            assertTrue(metricWithReason(hearth, ws, "out_of_order") >= 1);
            assertTrue(metricWithReason(hearth, ws, "malformed") >= 1);
            given().get(hearth.baseUrl() + "/-/healthy").then().statusCode(200);
        }
    }

    @Test
    void customBucketHistogramsAreStoredAndQueriedAsPrometheusRendersThem() {
        Path data = temp.resolve("data");
        String ws;
        long now = System.currentTimeMillis() / 1000 * 1000;
        try (HearthProcess hearth = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            ws = workspace(hearth);
            String url = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write";
            // buckets (-Inf, 0.25] = 1, (0.25, 0.5] = 3, (0.5, 1] = 0, (1, +Inf] = 2
            Response ok = given().contentType(V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1CustomBuckets(now, "rpc_seconds", 6, 4.5, new long[] {1, 2, -3, 2}, 0.25, 0.5, 1))
                    .post(url);
            assertEquals(204, ok.statusCode(), ok.asString());
            // bounds that do not increase are refused as Prometheus refuses them, naming the series
            given().contentType(V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1CustomBuckets(now, "bad_seconds", 1, 1, new long[] {1}, 1, 1))
                    .post(url).then().statusCode(400).body(containsString("bad_seconds"))
                    .body(containsString("strictly increasing"));
            assertCustomBuckets(hearth, ws, now);
            hearth.kill();
        }
        try (HearthProcess again = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            assertCustomBuckets(again, ws, now); // replayed from the write-ahead log, bounds and all
        }
    }

    private static void assertCustomBuckets(HearthProcess hearth, String ws, long now) {
        given().queryParam("query", "rpc_seconds").queryParam("time", now / 1000)
                .get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/query")
                .then().statusCode(200)
                .body("data.result[0].histogram[1].count", org.hamcrest.Matchers.equalTo("6"))
                .body("data.result[0].histogram[1].sum", org.hamcrest.Matchers.equalTo("4.5"))
                .body("data.result[0].histogram[1].buckets", org.hamcrest.Matchers.equalTo(java.util.List.of(
                        java.util.List.of(3, "-Inf", "0.25", "1"),
                        java.util.List.of(0, "0.25", "0.5", "3"),
                        java.util.List.of(0, "1", "+Inf", "2"))));
        given().queryParam("query", "histogram_quantile(0.5, rpc_seconds)").queryParam("time", now / 1000)
                .get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/query")
                .then().statusCode(200) // rank 3 of 6 lies 2/3 into (0.25, 0.5]: 0.25 + 0.25 * 2/3
                .body("data.result[0].value[1]", org.hamcrest.Matchers.equalTo("0.41666666666666663"));
    }

    @Test
    void acknowledgedSamplesSurviveKillNine() {
        acknowledgedSamplesSurviveKillNine(HearthProcess.options().authDisabled());
    }

    @Test
    void acknowledgedSamplesSurviveKillNineWhenTheLogIsForcedOnlyEveryMinute() {
        // the forces are deferred, but every acknowledged write is in the log file already
        acknowledgedSamplesSurviveKillNine(HearthProcess.options().authDisabled()
                .arg("--hearth.storage.lucene.wal-force-interval-ms=60000"));
    }

    private void acknowledgedSamplesSurviveKillNine(HearthProcess.Options options) {
        Path data = temp.resolve("data");
        String ws;
        long series = 200;
        try (HearthProcess hearth = HearthProcess.start(data, options)) {
            ws = workspace(hearth);
            String url = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write";
            long now = System.currentTimeMillis();
            for (int batch = 0; batch < 4; batch++) {
                String[][] all = new String[(int) series][];
                for (int i = 0; i < series; i++) {
                    all[i] = new String[] {"__name__", "kill_test", "i", Integer.toString(i)};
                }
                given().contentType(V1).header("Content-Encoding", "snappy").body(RemoteWriteBodies.v1(now + batch * 1000, batch, all))
                        .post(url).then().statusCode(204);
            }
            assertEquals(series, metric(hearth, "hearth_workspace_series", ws));
            assertEquals(series * 4, metric(hearth, "hearth_workspace_head_samples", ws));
            hearth.kill();
        }
        try (HearthProcess again = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            assertEquals(series, metric(again, "hearth_workspace_series", ws), "series replayed from the write-ahead log");
            assertEquals(series * 4, metric(again, "hearth_workspace_head_samples", ws), "every acknowledged sample replayed");
        }
    }

    static String workspace(HearthProcess hearth) {
        String id = given().body("{}").post(hearth.baseUrl() + "/workspaces").then().statusCode(202).extract().path("workspaceId");
        DistributionTest.awaitActive(hearth, id);
        return id;
    }

    static long metric(HearthProcess hearth, String name, String workspace) {
        String text = given().accept("text/plain").get(hearth.baseUrl() + "/metrics").asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*workspace=\"" + workspace + "\"[^}]*\\} ([0-9.E+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static long metricWithReason(HearthProcess hearth, String workspace, String reason) {
        String text = given().accept("text/plain").get(hearth.baseUrl() + "/metrics").asString();
        Matcher m = Pattern.compile("(?m)^hearth_ingest_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*workspace=\""
                + workspace + "\"[^}]*\\} ([0-9.E+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
