package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA pairs through the real server: two "replicas" of one Prometheus cluster remote-write the same
 * series with their own {@code __replica__} label; only the elected one is stored, without that
 * label, and the other takes over after the failover timeout (6 s here: every check that the standby is refused follows a write of the elected replica at once,
 * and 6 s leaves room for this shared machine to stall between the two).
 */
class HaDeduplicationTest {

    private static final String V1 = "application/x-protobuf";

    @TempDir
    Path temp;

    @Test
    void onlyTheElectedReplicaIsStoredAndTheOtherTakesOverWhenItFallsSilent() throws Exception {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .arg("--hearth.ingest.ha-tracker.failover-timeout=6s"))) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            long t0 = (System.currentTimeMillis() / 1000 - 120) * 1000;

            assertEquals(204, write(hearth, ws, "a", t0, 1).statusCode());
            Response duplicate = write(hearth, ws, "b", t0, 2);
            assertEquals(202, duplicate.statusCode(), "Cortex's answer: accepted, so the replica does not retry");
            assertTrue(duplicate.asString().contains("replica \"b\" of HA cluster \"prod\" is not the elected replica (\"a\")"),
                    duplicate.asString());
            assertEquals(204, write(hearth, ws, "a", t0 + 1000, 3).statusCode());
            assertEquals(202, write(hearth, ws, "b", t0 + 1000, 4).statusCode());

            JsonPath series = given().queryParam("match[]", "ha_metric").get(api(hearth, ws) + "/series").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(List.of(Map.of("__name__", "ha_metric", "cluster", "prod", "job", "node")), series.getList("data"),
                    "one series, without the replica label");
            assertEquals(2, RemoteWriteIngestTest.metric(hearth, "hearth_ingest_deduplicated_total", ws));

            // a falls silent for longer than the failover timeout: b's next write elects b.
            Thread.sleep(6500);
            assertEquals(204, write(hearth, ws, "b", t0 + 2000, 5).statusCode());
            assertEquals(202, write(hearth, ws, "a", t0 + 3000, 6).statusCode(), "a is now the duplicate");
            assertEquals(204, write(hearth, ws, "b", t0 + 3000, 7).statusCode());

            JsonPath range = given().queryParam("query", "ha_metric").queryParam("start", t0 / 1000.0)
                    .queryParam("end", (t0 + 3000) / 1000.0).queryParam("step", "1")
                    .get(api(hearth, ws) + "/query_range").then().statusCode(200).extract().jsonPath();
            assertEquals(1, range.getList("data.result").size(), range.prettify());
            assertEquals(Map.of("__name__", "ha_metric", "cluster", "prod", "job", "node"), range.getMap("data.result[0].metric"));
            List<List<Object>> values = range.getList("data.result[0].values");
            assertEquals(List.of("1", "3", "5", "7"), values.stream().map(v -> v.get(1)).toList(),
                    "a's samples until the failover, b's after it, none twice");
            assertEquals(3, RemoteWriteIngestTest.metric(hearth, "hearth_ingest_deduplicated_total", ws));
            assertTrue(hearth.log().contains("HA cluster 'prod' of " + ws + ": replica 'b' elected"), hearth.log());

            // Remote write 2.0 from the standby: 202, and its duplicates reported as written, so that
            // Prometheus does not count them as failed samples.
            assertEquals(204, write(hearth, ws, "b", t0 + 4000, 9).statusCode());
            Response v2 = given().contentType("application/x-protobuf;proto=io.prometheus.write.v2.Request")
                    .header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "2.0.0")
                    .body(RemoteWriteBodies.v2(t0 + 4000, 8, "__name__", "ha_metric", "job", "node", "cluster", "prod",
                            "__replica__", "a"))
                    .post(api(hearth, ws) + "/remote_write");
            assertEquals(202, v2.statusCode(), v2.asString());
            assertEquals("1", v2.header("X-Prometheus-Remote-Write-Samples-Written"));
            assertEquals(4, RemoteWriteIngestTest.metric(hearth, "hearth_ingest_deduplicated_total", ws));
        }
    }

    private static Response write(HearthProcess hearth, String ws, String replica, long timestamp, double value) {
        return given().contentType(V1).header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .body(RemoteWriteBodies.v1(timestamp, value,
                        new String[] {"__name__", "ha_metric", "job", "node", "cluster", "prod", "__replica__", replica}))
                .post(api(hearth, ws) + "/remote_write");
    }

    private static String api(HearthProcess hearth, String ws) {
        return hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";
    }
}
