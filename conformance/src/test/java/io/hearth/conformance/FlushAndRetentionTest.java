package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /-/flush} and retention against the running distribution: a flush moves every
 * workspace's head into blocks (the head gauge drops to zero, the blocks gauge rises) and queries
 * and a restart still see every sample; the endpoint is refused without credentials; and a
 * shortened {@code retentionPeriodInDays} deletes old blocks without a restart.
 */
class FlushAndRetentionTest {

    private static final String V1 = "application/x-protobuf";
    private static final long HOUR = 3600_000L;

    @TempDir
    Path temp;

    private static void write(HearthProcess hearth, String ws, long t, int series) {
        String[][] all = new String[series][];
        for (int i = 0; i < series; i++) {
            all[i] = new String[] {"__name__", "flush_test", "i", Integer.toString(i)};
        }
        given().contentType(V1).header("Content-Encoding", "snappy").body(RemoteWriteBodies.v1(t, t / 1000.0, all))
                .post(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write").then().statusCode(204);
    }

    private static String instantValue(HearthProcess hearth, String ws, String query, long timeMillis) {
        return given().queryParam("query", query).queryParam("time", timeMillis / 1000.0)
                .get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/query").then().statusCode(200)
                .extract().path("data.result[0].value[1]");
    }

    @Test
    void flushCutsEveryHeadIntoBlocksAndNothingIsLost() {
        Path data = temp.resolve("data");
        long now = System.currentTimeMillis();
        String ws;
        try (HearthProcess hearth = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            ws = RemoteWriteIngestTest.workspace(hearth);
            for (long t = now - 7 * HOUR; t <= now; t += HOUR) {
                write(hearth, ws, t, 50);
            }
            assertEquals(400, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_head_samples", ws));
            given().post(hearth.baseUrl() + "/-/flush").then().statusCode(204);
            assertEquals(0, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_head_samples", ws));
            assertTrue(RemoteWriteIngestTest.metric(hearth, "hearth_workspace_blocks", ws) >= 4);
            assertTrue(RemoteWriteIngestTest.metric(hearth, "hearth_workspace_bytes_on_disk", ws) > 0);
            assertEquals("400", instantValue(hearth, ws, "sum(count_over_time(flush_test[8h]))", now));
            write(hearth, ws, now + 1000, 50); // the head takes newer samples after a flush
            assertEquals("450", instantValue(hearth, ws, "sum(count_over_time(flush_test[9h]))", now + 1000));
        }
        try (HearthProcess again = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            assertEquals(50, RemoteWriteIngestTest.metric(again, "hearth_workspace_head_samples", ws),
                    "only what came after the flush is replayed from the log");
            assertEquals("450", instantValue(again, ws, "sum(count_over_time(flush_test[9h]))", now + 1000));
        }
    }

    @Test
    void flushIsRefusedWithoutCredentials() {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options())) {
            given().post(hearth.baseUrl() + "/-/flush").then().statusCode(403);
        }
    }

    @Test
    void aShorterRetentionDeletesOldBlocksWithoutARestart() {
        long now = System.currentTimeMillis();
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .arg("--hearth.storage.lucene.maintenance-interval-ms=200"))) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            // 70 h apart: no compaction window (54 h at most under the default retention) can hold
            // both, so the old samples keep a block of their own whatever the wall clock's phase.
            write(hearth, ws, now - 100 * HOUR, 10);
            write(hearth, ws, now - 30 * HOUR, 10);
            write(hearth, ws, now - HOUR, 10);
            given().post(hearth.baseUrl() + "/-/flush").then().statusCode(204);
            assertEquals("30", instantValue(hearth, ws, "sum(count_over_time(flush_test[5d]))", now));
            given().contentType(ContentType.JSON).body("{\"retentionPeriodInDays\":2}")
                    .patch(hearth.baseUrl() + "/workspaces/" + ws + "/configuration").then().statusCode(202);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String left = null;
            while (System.nanoTime() < deadline) {
                left = instantValue(hearth, ws, "sum(count_over_time(flush_test[5d]))", now);
                if ("20".equals(left)) {
                    break;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            assertEquals("20", left, "the block older than two days was deleted");
        }
    }
}
