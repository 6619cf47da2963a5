package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-workspace ingestion limits through the real server: limitsPerLabelSet set with AMP's
 * UpdateWorkspaceConfiguration, the server-wide series cap and the ingestion rate limit.
 */
class RemoteWriteLimitsTest {

    private static final String V1 = "application/x-protobuf";

    @TempDir
    Path temp;

    @Test
    void aLabelSetLimitRefusesNewSeriesOnlyAndFollowsConfigurationChanges() {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            configure(hearth, ws, "[{\"labelSet\":{\"team\":\"a\"},\"limits\":{\"maxSeries\":3}}]");
            long now = System.currentTimeMillis();

            // Five new team=a series and two team=b ones: three of team a fit, team b is not limited.
            Response first = write(hearth, ws, now, series("a", 0), series("a", 1), series("a", 2), series("a", 3),
                    series("a", 4), series("b", 0), series("b", 1));
            assertEquals(400, first.statusCode(), first.asString());
            assertTrue(first.asString().contains("per-labelset series limit of 3 exceeded for labelSet {team=\"a\"}"),
                    first.asString());
            assertTrue(first.asString().contains("limited{i=\"3\", team=\"a\"}"), first.asString());
            assertEquals(5, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws));

            // Existing team=a series keep taking samples; other label sets are unaffected.
            Response existing = write(hearth, ws, now + 1000, series("a", 0), series("a", 1), series("a", 2), series("b", 2));
            assertEquals(204, existing.statusCode(), existing.asString());
            Response stillFull = write(hearth, ws, now + 2000, series("a", 5));
            assertEquals(400, stillFull.statusCode(), stillFull.asString());
            assertEquals(6, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws));
            assertTrue(rejected(hearth, ws, "per_labelset_series_limit") >= 3);

            // Raising the limit through UpdateWorkspaceConfiguration applies to the next write.
            configure(hearth, ws, "[{\"labelSet\":{\"team\":\"a\"},\"limits\":{\"maxSeries\":4}}]");
            Response raised = write(hearth, ws, now + 3000, series("a", 5));
            assertEquals(204, raised.statusCode(), raised.asString());
            assertEquals(400, write(hearth, ws, now + 4000, series("a", 6)).statusCode());
        }
    }

    @Test
    void countingExistingSeriesAfterAConfigurationChangeIsQuick() {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            long now = System.currentTimeMillis();
            int total = 50_000;
            for (int start = 0; start < total; start += 2000) {
                String[][] batch = new String[2000][];
                for (int i = 0; i < 2000; i++) {
                    batch[i] = series((start + i) % 5 == 0 ? "a" : "b", start + i);
                }
                assertEquals(204, write(hearth, ws, now, batch).statusCode());
            }
            configure(hearth, ws, "[{\"labelSet\":{\"team\":\"a\"},\"limits\":{\"maxSeries\":20000}},"
                    + "{\"labelSet\":{},\"limits\":{\"maxSeries\":40001}}]");
            long started = System.nanoTime();
            Response first = write(hearth, ws, now + 1000, series("a", 0), series("c", 1), series("c", 2));
            long firstMillis = (System.nanoTime() - started) / 1_000_000;
            started = System.nanoTime();
            Response next = write(hearth, ws, now + 2000, series("a", 0));
            long nextMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(400, first.statusCode(), first.asString());
            assertTrue(first.asString().contains("limit of 40001 exceeded for labelSet {}"), first.asString());
            assertEquals(204, next.statusCode(), next.asString());
            String counted = hearth.log().lines().filter(l -> l.contains("series limits of " + ws)).reduce("", (a, b) -> b);
            System.out.printf("seeding %d series: first write after the change %d ms, next %d ms; server: %s%n", total,
                    firstMillis, nextMillis, counted);
            assertTrue(counted.contains("counted 50000 series"), counted);
        }
    }

    @Test
    void theRateLimitAnswers429WithRetryAfterAndTheSeriesCapRefusesNewSeries() throws Exception {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .arg("--hearth.ingest.max-samples-per-second=50", "--hearth.ingest.max-samples-burst=300",
                        "--hearth.ingest.max-series-per-workspace=350"))) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            long now = System.currentTimeMillis();
            assertEquals(204, write(hearth, ws, now, range("a", 0, 300)).statusCode());

            Response throttled = write(hearth, ws, now, range("b", 0, 200));
            assertEquals(429, throttled.statusCode(), throttled.asString());
            assertTrue(throttled.asString().contains("ingestion rate limit (50 samples/s, burst 300) exceeded while adding 200 samples"),
                    throttled.asString());
            long retryAfter = Long.parseLong(throttled.header("Retry-After"));
            // 200 samples at 50/s: 4 s from empty, so the check holds even if this machine stalls ~3 s between the writes.
            assertTrue(retryAfter >= 1 && retryAfter <= 4, "Retry-After " + retryAfter);
            assertEquals(300, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws), "nothing of a throttled request is stored");
            assertTrue(rejected(hearth, ws, "rate_limited") >= 200);
            given().contentType(V1).header("Content-Encoding", "snappy").body(RemoteWriteBodies.v1(now, 1, range("c", 0, 301)))
                    .post(url(hearth, ws)).then().statusCode(429).body(containsString("larger than the burst"));

            // The sender's retry after Retry-After succeeds; past 350 series, new series are refused.
            Thread.sleep(retryAfter * 1000 + 200);
            Response retried = write(hearth, ws, now, range("b", 0, 100));
            assertEquals(400, retried.statusCode(), retried.asString());
            assertTrue(retried.asString().contains("per-workspace series limit of 350 exceeded"), retried.asString());
            assertEquals(350, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws));
            assertTrue(rejected(hearth, ws, "max_series_per_workspace") >= 50);
            Thread.sleep(1500);
            given().contentType(V1).header("Content-Encoding", "snappy").body(RemoteWriteBodies.v1(now + 1000, 1, range("a", 0, 100)))
                    .post(url(hearth, ws)).then().statusCode(204).body(not(containsString("limit")));
        }
    }

    @Test
    void seriesThatLeftTheHeadAfterAFlushNoLongerCountTowardsTheCap() {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .arg("--hearth.ingest.max-series-per-workspace=100"))) {
            String ws = RemoteWriteIngestTest.workspace(hearth);
            long now = System.currentTimeMillis();
            assertEquals(204, write(hearth, ws, now, range("a", 0, 100)).statusCode());
            Response full = write(hearth, ws, now, series("b", 0));
            assertEquals(400, full.statusCode(), full.asString());
            assertTrue(full.asString().contains("per-workspace series limit of 100 exceeded"), full.asString());

            given().post(hearth.baseUrl() + "/-/flush").then().statusCode(204);
            assertEquals(0, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws), "every series left the head");

            // Team a's series are in blocks now: team b takes their slots, one series more does not fit.
            assertEquals(204, write(hearth, ws, now + 1000, range("b", 0, 100)).statusCode());
            assertEquals(400, write(hearth, ws, now + 2000, series("a", 0)).statusCode());
            assertEquals(100, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws));
        }
    }

    private static String[] series(String team, int i) {
        return new String[] {"__name__", "limited", "team", team, "i", Integer.toString(i)};
    }

    private static String[][] range(String team, int from, int to) {
        String[][] out = new String[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = series(team, i);
        }
        return out;
    }

    private static String url(HearthProcess hearth, String ws) {
        return hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write";
    }

    private static Response write(HearthProcess hearth, String ws, long timestamp, String[]... series) {
        return given().contentType(V1).header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .body(RemoteWriteBodies.v1(timestamp, 1, series)).post(url(hearth, ws));
    }

    private static void configure(HearthProcess hearth, String ws, String limitsPerLabelSet) {
        given().contentType(ContentType.JSON).body("{\"limitsPerLabelSet\":" + limitsPerLabelSet + "}")
                .patch(hearth.baseUrl() + "/workspaces/" + ws + "/configuration").then().statusCode(202);
    }

    private static long rejected(HearthProcess hearth, String ws, String reason) {
        String text = given().accept("text/plain").get(hearth.baseUrl() + "/metrics").asString();
        Matcher m = Pattern.compile("(?m)^hearth_ingest_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*workspace=\""
                + ws + "\"[^}]*\\} ([0-9.E+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
