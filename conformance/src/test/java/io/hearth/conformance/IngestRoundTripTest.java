package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ingest format written through the real HTTP write path and read back out of storage
 * through the Prometheus query API, compared exactly: the labels of every series, float values, and
 * native histograms bucket by bucket. Each format writes into its own workspace, so an instant
 * query for every series at the sample time shows exactly what the request stored.
 */
class IngestRoundTripTest {

    private static final Map<String, String> RT = Map.of("job", "rt");
    private static final Map<String, String> OTEL = Map.of("job", "rt", "instance", "i-1", "otel_scope_name", "lib",
            "otel_scope_version", "1.0");

    @TempDir
    static Path temp;
    private static HearthProcess hearth;

    /** Time of the samples: a whole second, a minute ago. */
    private final long t = (System.currentTimeMillis() / 1000 - 60) * 1000;

    @BeforeAll
    static void start() {
        // A small burst per workspace: every round trip fits, and the OTLP throttling test can exceed it.
        // HA deduplication off: every label, __replica__ included, must come back as sent.
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .arg("--hearth.ingest.max-samples-per-second=1", "--hearth.ingest.max-samples-burst=60",
                        "--hearth.ingest.ha-tracker.enabled=false"));
    }

    @AfterAll
    static void stop() {
        if (hearth != null) {
            hearth.close();
        }
    }

    @Test
    void remoteWrite1FloatsClassicAndNativeHistograms() {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        Response answer = given().contentType(IngestPayloads.V1).header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0").body(IngestPayloads.snappy(IngestPayloads.v1(t)))
                .post(api(ws) + "/remote_write");
        assertEquals(204, answer.statusCode(), answer.asString());

        Map<String, String> expected = new TreeMap<>();
        expected.put(series("rw1_gauge", RT), value(3.25));
        expected.put(series("rw1_requests_total", RT, "code", "200"), value(7));
        expected.put(series("rw1_latency_seconds_bucket", RT, "le", "0.5"), value(2));
        expected.put(series("rw1_latency_seconds_bucket", RT, "le", "1"), value(5));
        expected.put(series("rw1_latency_seconds_bucket", RT, "le", "+Inf"), value(6));
        expected.put(series("rw1_latency_seconds_sum", RT), value(3.5));
        expected.put(series("rw1_latency_seconds_count", RT), value(6));
        expected.put(series("rw1_native", RT), INT_HISTOGRAM);
        expected.put(series("rw1_native_float", RT), FLOAT_HISTOGRAM);
        assertEquals(expected, everySeriesAt(ws, t));
        assertEquals(List.of("1", "7"), rangeValues(ws, "rw1_requests_total", t - 1000, t));
        given().queryParam("metric", "rw1_requests_total").get(api(ws) + "/metadata").then().statusCode(200)
                .body("data.rw1_requests_total[0].type", org.hamcrest.Matchers.equalTo("counter"))
                .body("data.rw1_requests_total[0].help", org.hamcrest.Matchers.equalTo("Requests served."));
    }

    @Test
    void remoteWrite2FloatsClassicAndNativeHistogramsWithCreatedTimestamps() {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        Response answer = given().contentType(IngestPayloads.V2).header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "2.0.0").body(IngestPayloads.snappy(IngestPayloads.v2(t)))
                .post(api(ws) + "/remote_write");
        assertEquals(204, answer.statusCode(), answer.asString());
        assertEquals("8", answer.header("X-Prometheus-Remote-Write-Samples-Written"));
        assertEquals("2", answer.header("X-Prometheus-Remote-Write-Histograms-Written"));

        Map<String, String> expected = new TreeMap<>();
        expected.put(series("rw2_gauge", RT), value(-1.5));
        expected.put(series("rw2_requests_total", RT, "code", "500"), value(9));
        expected.put(series("rw2_latency_seconds_bucket", RT, "le", "0.5"), value(1));
        expected.put(series("rw2_latency_seconds_bucket", RT, "le", "1"), value(4));
        expected.put(series("rw2_latency_seconds_bucket", RT, "le", "+Inf"), value(4));
        expected.put(series("rw2_latency_seconds_sum", RT), value(2.25));
        expected.put(series("rw2_latency_seconds_count", RT), value(4));
        expected.put(series("rw2_native", RT), INT_HISTOGRAM);
        expected.put(series("rw2_native_float", RT), FLOAT_HISTOGRAM);
        assertEquals(expected, everySeriesAt(ws, t));
        // The created timestamp (a minute earlier) adds no zero sample: Prometheus's default, as its
        // created-timestamp-zero-ingestion feature is off unless asked for.
        assertEquals(List.of("2", "9"), rangeValues(ws, "rw2_requests_total", t - 60_000, t));
        given().queryParam("metric", "rw2_requests_total").get(api(ws) + "/metadata").then().statusCode(200)
                .body("data.rw2_requests_total[0].help", org.hamcrest.Matchers.equalTo("Requests failed."));
    }

    @Test
    void withHaDeduplicationOffEveryReplicaIsStoredWithItsReplicaLabel() {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        for (String replica : new String[] {"a", "b"}) {
            given().contentType(IngestPayloads.V1).header("Content-Encoding", "snappy")
                    .body(RemoteWriteBodies.v1(t, replica.equals("a") ? 1 : 2,
                            new String[] {"__name__", "ha_off", "cluster", "prod", "__replica__", replica}))
                    .post(api(ws) + "/remote_write").then().statusCode(204);
        }
        assertEquals(Map.of(series("ha_off", Map.of("cluster", "prod", "__replica__", "a")), value(1),
                series("ha_off", Map.of("cluster", "prod", "__replica__", "b")), value(2)), everySeriesAt(ws, t));
    }

    @Test
    void otlpProtobufEveryPointKind() throws Exception {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        Response answer = given().contentType(IngestPayloads.OTLP_PROTOBUF).body(IngestPayloads.otlp(t).toByteArray())
                .post(api(ws) + "/otlp/v1/metrics");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(ExportMetricsServiceResponse.getDefaultInstance(), ExportMetricsServiceResponse.parseFrom(answer.asByteArray()));
        assertEquals(otlpExpected(), everySeriesAt(ws, t));
    }

    @Test
    void otlpJsonEveryPointKind() {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        Response answer = given().contentType(IngestPayloads.OTLP_JSON).body(IngestPayloads.otlpJson(IngestPayloads.otlp(t)))
                .post(api(ws) + "/otlp/v1/metrics");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("{}", answer.asString());
        assertEquals(otlpExpected(), everySeriesAt(ws, t));
    }

    @Test
    void otlpOverTheRateLimitGets429WithAGoogleRpcStatusAndRetryAfter() throws Exception {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setTimeUnixNano(t * 1_000_000).setAsDouble(1);
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < 61; i++) {
            gauge.addDataPoints(point.clone().addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("i")
                    .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(Integer.toString(i)))));
        }
        ExportMetricsServiceRequest tooMany = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics
                .newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("many")
                        .setGauge(gauge)))).build();

        Response protobuf = given().contentType(IngestPayloads.OTLP_PROTOBUF).body(tooMany.toByteArray())
                .post(api(ws) + "/otlp/v1/metrics");
        assertEquals(429, protobuf.statusCode());
        assertTrue(Long.parseLong(protobuf.header("Retry-After")) >= 1);
        assertEquals("application/x-protobuf", protobuf.contentType());
        com.google.protobuf.CodedInputStream status = com.google.protobuf.CodedInputStream.newInstance(protobuf.asByteArray());
        assertEquals(1 << 3, status.readTag());
        assertEquals(8, status.readInt32(), "google.rpc.Code RESOURCE_EXHAUSTED");
        assertEquals((2 << 3) | 2, status.readTag());
        assertTrue(status.readString().contains("ingestion rate limit (1 samples/s, burst 60) exceeded while adding 61 samples"));

        Response json = given().contentType(IngestPayloads.OTLP_JSON).body(IngestPayloads.otlpJson(tooMany))
                .post(api(ws) + "/otlp/v1/metrics");
        assertEquals(429, json.statusCode());
        assertTrue(Long.parseLong(json.header("Retry-After")) >= 1);
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        JsonPath body = json.jsonPath();
        assertEquals(8, body.getInt("code"));
        assertTrue(body.getString("message").contains("exceeded while adding 61 samples"), json.asString());

        Response malformed = given().contentType(IngestPayloads.OTLP_JSON).body("{\"resourceMetrics\":".getBytes(StandardCharsets.UTF_8))
                .post(api(ws) + "/otlp/v1/metrics");
        assertEquals(400, malformed.statusCode());
        assertEquals(3, malformed.jsonPath().getInt("code"), "google.rpc.Code INVALID_ARGUMENT");
    }

    private Map<String, String> otlpExpected() {
        Map<String, String> expected = new TreeMap<>();
        expected.put(series("otel_temperature_celsius", OTEL, "path", "/a"), value(21.5));
        expected.put(series("otel_requests_total", OTEL, "path", "/a"), value(42));
        expected.put(series("otel_latency_seconds_bucket", OTEL, "le", "0.1"), value(1));
        expected.put(series("otel_latency_seconds_bucket", OTEL, "le", "1"), value(3));
        expected.put(series("otel_latency_seconds_bucket", OTEL, "le", "+Inf"), value(6));
        expected.put(series("otel_latency_seconds_sum", OTEL), value(7.25));
        expected.put(series("otel_latency_seconds_count", OTEL), value(6));
        // OTLP bucket i is (2^i, 2^(i+1)]: Prometheus's bucket i+1; the zero threshold defaults to 1e-128.
        expected.put(series("otel_size_bytes", OTEL), histogram(6, 10, 3, -1e-128, 1e-128, 1, 0, 1, 2, 2, 0, 2, 4, 3));
        expected.put(series("otel_rpc", OTEL, "quantile", "0.5"), value(1.5));
        expected.put(series("otel_rpc", OTEL, "quantile", "0.99"), value(3));
        expected.put(series("otel_rpc_sum", OTEL), value(20));
        expected.put(series("otel_rpc_count", OTEL), value(10));
        expected.put(series("target_info", Map.of("job", "rt", "instance", "i-1", "host_name", "box")), value(1));
        return expected;
    }

    /** IngestPayloads.intHistogram as the API shows it: [rule, lower, upper, count] per non-empty bucket. */
    private static final String INT_HISTOGRAM = histogram(10, 25.5,
            1, -2, -1, 3,
            3, -0.001, 0.001, 1,
            0, 0.5, 1, 2,
            0, 1, 2, 3,
            0, 4, 8, 1);
    private static final String FLOAT_HISTOGRAM = histogram(7.5, -3.25,
            1, -1, -0.5, 3,
            3, -0.125, 0.125, 0.5,
            0, 0.25, 0.5, 1.5,
            0, 0.5, 1, 2.5);

    private static String value(double v) {
        return "float " + v;
    }

    private static String histogram(double count, double sum, double... buckets) {
        StringBuilder out = new StringBuilder("histogram count=" + count + " sum=" + sum + " buckets=");
        for (int i = 0; i < buckets.length; i += 4) {
            out.append('[').append((int) buckets[i]).append(' ').append(buckets[i + 1]).append(' ').append(buckets[i + 2])
                    .append(' ').append(buckets[i + 3]).append(']');
        }
        return out.toString();
    }

    private static String series(String name, Map<String, String> common, String... more) {
        Map<String, String> labels = new TreeMap<>(common);
        labels.put("__name__", name);
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return labels.toString();
    }

    /** Every series of the workspace at {@code time}, its labels mapped to its value, numbers parsed. */
    private static Map<String, String> everySeriesAt(String ws, long time) {
        JsonPath result = given().queryParam("query", "{__name__=~\".+\"}").queryParam("time", time / 1000.0)
                .get(api(ws) + "/query").then().statusCode(200).extract().jsonPath();
        Map<String, String> observed = new TreeMap<>();
        List<Map<String, Object>> vector = result.getList("data.result");
        for (int i = 0; i < vector.size(); i++) {
            Map<String, String> labels = new TreeMap<>(result.getMap("data.result[" + i + "].metric"));
            Object sample = vector.get(i).get("value");
            if (sample != null) {
                List<?> pair = (List<?>) sample;
                assertEquals(time / 1000.0, ((Number) pair.get(0)).doubleValue(), 1e-9);
                observed.put(labels.toString(), value(Double.parseDouble((String) pair.get(1))));
            } else {
                List<?> pair = (List<?>) vector.get(i).get("histogram");
                Map<?, ?> h = (Map<?, ?>) pair.get(1);
                List<Double> buckets = new ArrayList<>();
                for (Object b : (List<?>) h.get("buckets")) {
                    List<?> bucket = (List<?>) b;
                    buckets.add(((Number) bucket.get(0)).doubleValue());
                    for (int k = 1; k < 4; k++) {
                        buckets.add(Double.parseDouble((String) bucket.get(k)));
                    }
                }
                observed.put(labels.toString(), histogram(Double.parseDouble((String) h.get("count")),
                        Double.parseDouble((String) h.get("sum")), buckets.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return observed;
    }

    private static List<String> rangeValues(String ws, String query, long from, long to) {
        JsonPath range = given().queryParam("query", query).queryParam("start", from / 1000.0).queryParam("end", to / 1000.0)
                .queryParam("step", "1").get(api(ws) + "/query_range").then().statusCode(200).extract().jsonPath();
        assertEquals(1, range.getList("data.result").size(), range.prettify());
        List<List<Object>> values = range.getList("data.result[0].values");
        return values.stream().map(v -> (String) v.get(1)).toList();
    }

    private static String api(String ws) {
        return hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";
    }
}
