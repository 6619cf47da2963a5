package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplars end to end against the real server: remote-written with remote write 1.0 and 2.0
 * bodies, validated, stored, answered by {@code query_exemplars} in Prometheus's JSON, counted in
 * {@code /metrics}, and still there after {@code kill -9} and a restart; and {@code parse_query}.
 */
class ExemplarsApiTest {

    private static final String V1 = "application/x-protobuf";
    private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
    private static final String[] API_SERIES = {"__name__", "rpc_seconds_bucket", "job", "api", "le", "0.5"};
    private static final String[] DB_SERIES = {"__name__", "rpc_seconds_bucket", "job", "db", "le", "0.5"};

    @TempDir
    static Path temp;

    private static HearthProcess hearth;
    private static String ws;
    private static String api;
    private static long now;
    private static long apiExemplarT;
    private static long dbExemplarT;

    @BeforeAll
    static void start() {
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled());
        ws = RemoteWriteIngestTest.workspace(hearth);
        api = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";
        now = System.currentTimeMillis();
        apiExemplarT = now - now % 1000 - 766; // milliseconds 234, so the seconds have decimals
        dbExemplarT = now - now % 1000 - 1000; // whole seconds, written without decimals
        writeV1(API_SERIES, now, new String[] {"trace_id", "abc", "span_id", "1"}, apiExemplarT, 0.42).then().statusCode(204);
        Response v2 = writeV2(DB_SERIES, now, new String[] {"trace_id", "def"}, dbExemplarT, 7);
        assertEquals(204, v2.statusCode(), v2.asString());
        assertEquals("1", v2.header("X-Prometheus-Remote-Write-Samples-Written"));
        assertEquals("1", v2.header("X-Prometheus-Remote-Write-Exemplars-Written"));
    }

    @AfterAll
    static void stop() {
        assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
    }

    private static Response writeV1(String[] series, long t, String[] exemplar, long exemplarT, double exemplarValue) {
        return writeV1To(api, series, t, exemplar, exemplarT, exemplarValue);
    }

    private static Response writeV1To(String base, String[] series, long t, String[] exemplar, long exemplarT, double value) {
        return given().contentType(V1).header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .body(RemoteWriteBodies.v1WithExemplar(series, t, 1, exemplar, exemplarT, value)).post(base + "/remote_write");
    }

    private static Response writeV2(String[] series, long t, String[] exemplar, long exemplarT, double exemplarValue) {
        return writeV2To(api, series, t, exemplar, exemplarT, exemplarValue);
    }

    private static Response writeV2To(String base, String[] series, long t, String[] exemplar, long exemplarT, double value) {
        return given().contentType(V2).header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "2.0.0")
                .body(RemoteWriteBodies.v2WithExemplar(series, t, 1, exemplar, exemplarT, value)).post(base + "/remote_write");
    }

    private static String seconds(long millis) {
        BigDecimal s = BigDecimal.valueOf(millis, 3);
        return (millis % 1000 == 0 ? s.setScale(0) : s).toPlainString();
    }

    @Test
    void queryExemplarsAnswersAsPrometheusSortedBySeries() {
        Response r = given().queryParam("query", "rpc_seconds_bucket").queryParam("start", (now - 60_000) / 1000)
                .queryParam("end", (now + 60_000) / 1000).get(api + "/query_exemplars");
        r.then().statusCode(200).body("status", equalTo("success")).body("data", hasSize(2))
                .body("data[0].seriesLabels", equalTo(Map.of("__name__", "rpc_seconds_bucket", "job", "api", "le", "0.5")))
                .body("data[0].exemplars", hasSize(1))
                .body("data[0].exemplars[0].labels", equalTo(Map.of("span_id", "1", "trace_id", "abc")))
                .body("data[0].exemplars[0].value", equalTo("0.42"))
                .body("data[1].seriesLabels.job", equalTo("db"))
                .body("data[1].exemplars[0].labels", equalTo(Map.of("trace_id", "def")))
                .body("data[1].exemplars[0].value", equalTo("7"));
        String body = r.asString();
        // Prometheus's member order and number forms, to the byte
        assertTrue(body.contains("{\"labels\":{\"span_id\":\"1\",\"trace_id\":\"abc\"},\"value\":\"0.42\",\"timestamp\":"
                + seconds(apiExemplarT) + "}"), body);
        assertTrue(body.contains("\"value\":\"7\",\"timestamp\":" + seconds(dbExemplarT) + "}"), body);
        assertTrue(body.startsWith("{\"status\":\"success\",\"data\":[{\"seriesLabels\":{\"__name__\":\"rpc_seconds_bucket\","
                + "\"job\":\"api\",\"le\":\"0.5\"},\"exemplars\":[{"), body);
    }

    @Test
    void everySelectorOfAnExpressionSelectsByGetAndPost() {
        given().formParam("query", "sum(rate(rpc_seconds_bucket{job=\"db\"}[5m]))").post(api + "/query_exemplars")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].seriesLabels.job", equalTo("db"));
        given().formParam("query", "histogram_quantile(0.9, rpc_seconds_bucket{job=\"api\"}) or rpc_seconds_bucket{job=\"db\"}")
                .post(api + "/query_exemplars").then().statusCode(200).body("data", hasSize(2));
        given().queryParam("query", "rpc_seconds_bucket").get(api + "/query_exemplars").then().statusCode(200)
                .body("data", hasSize(2)); // no start or end: all time
        given().queryParam("query", "rpc_seconds_bucket").queryParam("start", seconds(apiExemplarT))
                .queryParam("end", seconds(apiExemplarT)).get(api + "/query_exemplars").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].seriesLabels.job", equalTo("api"));
        given().queryParam("query", "rpc_seconds_bucket").queryParam("start", "2000-01-01T00:00:00Z")
                .queryParam("end", "2000-01-02T00:00:00Z").get(api + "/query_exemplars").then().statusCode(200)
                .body("data", hasSize(0));
        given().queryParam("query", "nothing_here").get(api + "/query_exemplars").then().statusCode(200).body("data", hasSize(0));
        // no selector at all: no data, which Prometheus answers with 204 and no body
        given().queryParam("query", "1 + 1").get(api + "/query_exemplars").then().statusCode(204).body(equalTo(""));
    }

    @Test
    void badRequestsAreBadData() {
        given().queryParam("query", "rpc_seconds_bucket").queryParam("start", "20").queryParam("end", "10")
                .get(api + "/query_exemplars").then().statusCode(400).body("status", equalTo("error"))
                .body("errorType", equalTo("bad_data")).body("error", equalTo("end timestamp must not be before start timestamp"));
        given().queryParam("query", "sum(").get(api + "/query_exemplars").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", containsString("parse error"));
        given().queryParam("query", "up").queryParam("start", "yesterday").get(api + "/query_exemplars").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", containsString("invalid parameter \"start\""));
        given().get(api + "/query_exemplars").then().statusCode(400).body("errorType", equalTo("bad_data"));
        given().queryParam("query", "up").get(hearth.baseUrl() + "/workspaces/ws-00000000-0000-0000-0000-000000000000/api/v1"
                + "/query_exemplars").then().statusCode(404).body("errorType", equalTo("not_found"));
    }

    @Test
    void invalidOrOutOfOrderExemplarsAreRefusedAndTheirSamplesKept() {
        String[] series = {"__name__", "refusals", "job", "x"};
        long before = RemoteWriteIngestTest.metric(hearth, "hearth_ingest_exemplars_total", ws);
        writeV1(series, now, new String[] {"trace_id", "t1"}, now, 1).then().statusCode(204);
        // 121 characters of value plus trace_id: 129, one over Prometheus's limit
        writeV1(series, now + 1, new String[] {"trace_id", "x".repeat(121)}, now + 1, 1).then().statusCode(400)
                .body(containsString("exemplar combined labelset exceeds 128 characters"));
        writeV2(series, now + 2, new String[] {"trace_id", "t0"}, now - 1, 1).then().statusCode(400)
                .body(containsString("out of order exemplar"));
        writeV1(series, now + 3, new String[] {}, now + 3, 1).then().statusCode(400)
                .body(containsString("exemplar missing labels"));
        Response duplicate = writeV2(series, now + 4, new String[] {"trace_id", "t1"}, now, 1);
        assertEquals(204, duplicate.statusCode(), duplicate.asString()); // the same exemplar again is accepted once
        given().queryParam("query", "count_over_time(refusals[1h])").queryParam("time", seconds(now + 5))
                .get(api + "/query").then().statusCode(200).body("data.result[0].value[1]", equalTo("5"));
        given().queryParam("query", "refusals").get(api + "/query_exemplars").then().statusCode(200)
                .body("data[0].exemplars", hasSize(1)).body("data[0].exemplars[0].labels.trace_id", equalTo("t1"));
        assertEquals(before + 2, RemoteWriteIngestTest.metric(hearth, "hearth_ingest_exemplars_total", ws));
        String metrics = given().accept("text/plain").get(hearth.baseUrl() + "/metrics").asString();
        for (String reason : List.of("exemplar_labels_too_long", "exemplar_out_of_order", "exemplar_labels_missing")) {
            assertTrue(metrics.matches("(?s).*hearth_ingest_exemplars_rejected_total\\{[^}]*reason=\"" + reason
                    + "\"[^}]*workspace=\"" + ws + "\"[^}]*\\} 1.*"), reason + " in\n" + metrics);
        }
    }

    @Test
    void parseQueryAnswersTheSyntaxTree() {
        given().queryParam("query", "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))").get(api + "/parse_query")
                .then().statusCode(200).body("status", equalTo("success"))
                .body("data.type", equalTo("aggregation")).body("data.op", equalTo("sum"))
                .body("data.grouping", equalTo(List.of("job"))).body("data.without", equalTo(false))
                .body("data.param", nullValue())
                .body("data.expr.type", equalTo("call")).body("data.expr.func.name", equalTo("rate"))
                .body("data.expr.func.argTypes", equalTo(List.of("matrix"))).body("data.expr.func.returnType", equalTo("vector"))
                .body("data.expr.args[0].type", equalTo("matrixSelector")).body("data.expr.args[0].range", equalTo(300000))
                .body("data.expr.args[0].name", equalTo("http_requests_total"))
                .body("data.expr.args[0].matchers[0]", equalTo(Map.of("name", "code", "type", "=~", "value", "5..")))
                .body("data.expr.args[0].matchers[1]", equalTo(Map.of("name", "__name__", "type", "=", "value", "http_requests_total")))
                .body("data.expr.args[0].timestamp", nullValue());
        given().formParam("query", "a / on(b) group_left c > bool 1").post(api + "/parse_query").then().statusCode(200)
                .body("data.type", equalTo("binaryExpr")).body("data.op", equalTo(">")).body("data.bool", equalTo(true))
                .body("data.matching", nullValue())
                .body("data.lhs.matching.card", equalTo("many-to-one")).body("data.lhs.matching.labels", equalTo(List.of("b")))
                .body("data.lhs.matching.on", equalTo(true));
        given().formParam("query", "1.5").post(api + "/parse_query").then().statusCode(200)
                .body("data", equalTo(Map.of("type", "numberLiteral", "val", "1.5")));
        given().queryParam("query", "sum(").get(api + "/parse_query").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", containsString("invalid parameter \"query\": 1:5: parse error"));
        given().get(api + "/parse_query").then().statusCode(400).body("errorType", equalTo("bad_data"));
    }

    @Test
    void exemplarsSurviveKillNineAndRestart() {
        Path data = temp.resolve("restart");
        String id;
        long t = System.currentTimeMillis();
        try (HearthProcess first = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            id = RemoteWriteIngestTest.workspace(first);
            String base = first.baseUrl() + "/workspaces/" + id + "/api/v1";
            writeV1To(base, API_SERIES, t, new String[] {"trace_id", "kept-v1"}, t, 1.5).then().statusCode(204);
            Response v2 = writeV2To(base, DB_SERIES, t, new String[] {"trace_id", "kept-v2"}, t, 2.5);
            assertEquals(204, v2.statusCode(), v2.asString());
            first.kill(); // acknowledged means durable: no clean shutdown needed
        }
        try (HearthProcess again = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            DistributionTest.awaitActive(again, id);
            String base = again.baseUrl() + "/workspaces/" + id + "/api/v1";
            given().queryParam("query", "rpc_seconds_bucket").get(base + "/query_exemplars").then().statusCode(200)
                    .body("data", hasSize(2))
                    .body("data[0].exemplars[0].labels.trace_id", equalTo("kept-v1"))
                    .body("data[0].exemplars[0].value", equalTo("1.5"))
                    .body("data[1].exemplars[0].labels.trace_id", equalTo("kept-v2"));
            // the ordering state came back too: an older exemplar is still out of order
            writeV1To(base, API_SERIES, t + 1, new String[] {"trace_id", "late"}, t - 1, 1).then().statusCode(400)
                    .body(containsString("out of order exemplar"));
            assertEquals(0, again.terminate(Duration.ofSeconds(30)));
        }
    }
}
