package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth against a real Prometheus holding the same data: Prometheus scrapes itself and
 * remote-writes every sample to a Hearth workspace; each query must give the same answer from
 * both, instant and range. Evaluation times sit half a scrape interval away from the samples, so
 * no sample falls on a window boundary (Debian's Prometheus 2.42 closes range windows on the left;
 * Hearth follows 3.x and opens them).
 */
class DifferentialQueryTest {

    @TempDir
    static Path temp;

    private static HearthProcess hearth;
    private static PrometheusProcess prometheus;
    private static String promUrl;
    private static String hearthApi;
    private static long evalMillis;

    @BeforeAll
    static void start() throws Exception {
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled());
        String ws = RemoteWriteIngestTest.workspace(hearth);
        hearthApi = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";
        prometheus = PrometheusProcess.start(temp.resolve("prometheus"), hearthApi + "/remote_write");
        promUrl = prometheus.api();
        // Collect about 95 s of data, then evaluate 10 s in the past, half a scrape after a sample:
        // the longest window (1 m, plus 30 s of range) then starts well after the first scrapes,
        // which a fresh Prometheus may append before its remote-write queue reads them.
        Thread.sleep(95_000);
        JsonPath up = given().queryParam("query", "timestamp(up)").get(promUrl + "/query").jsonPath();
        long lastScrape = new BigDecimal(up.getString("data.result[0].value[1]")).movePointRight(3).longValue();
        evalMillis = lastScrape - 10_000 + 500;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && given().queryParam("query", "timestamp(up)")
                .queryParam("time", seconds(evalMillis + 5_000)).get(hearthApi + "/query").jsonPath()
                .getList("data.result").isEmpty()) {
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        prometheus.close();
        hearth.terminate(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "up",
        "prometheus_http_requests_total",
        "rate(prometheus_http_requests_total[30s])",
        "sum by (handler) (rate(prometheus_http_requests_total[30s]))",
        "increase(prometheus_tsdb_head_samples_appended_total[1m])",
        "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[1m])))",
        "avg_over_time(go_goroutines[30s])",
        "max_over_time(process_resident_memory_bytes[1m]) - min_over_time(process_resident_memory_bytes[1m])",
        "count by (job) (up)",
        "topk(3, prometheus_tsdb_head_series)",
        "sum(go_memstats_alloc_bytes) / sum(go_memstats_sys_bytes)",
        "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
        "absent(nonexistent_metric)",
        "vector(1) + 2",
        "scalar(count(up)) * 3",
        "go_goroutines > bool 1",
        "prometheus_build_info * on (instance) group_left up",
        "deriv(process_cpu_seconds_total[1m])",
        "changes(prometheus_tsdb_head_chunks[1m])",
        "quantile_over_time(0.5, go_goroutines[1m])",
        "sort_desc(count by (handler) (prometheus_http_requests_total))",
    })
    void instantQueriesAgree(String query) {
        assertEquals(vector(promUrl, query), vector(hearthApi, query), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "up",
        "rate(prometheus_http_requests_total[30s])",
        "sum by (handler) (rate(prometheus_http_requests_total[30s]))",
        "avg_over_time(go_goroutines[20s])",
        "count(up)",
    })
    void rangeQueriesAgree(String query) {
        assertEquals(matrix(promUrl, query), matrix(hearthApi, query), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"query up", "query_range up", "query rate(prometheus_http_requests_total[30s])",
        "query_range rate(prometheus_http_requests_total[30s])"})
    void statisticsHaveTheSameShapeAndSampleCounts(String endpointAndQuery) {
        String endpoint = endpointAndQuery.substring(0, endpointAndQuery.indexOf(' '));
        String query = endpointAndQuery.substring(endpoint.length() + 1);
        // peakSamples agree for plain selectors; for functions each engine holds its own working set
        boolean peak = !query.contains("(");
        assertEquals(statistics(promUrl, endpoint, query, peak), statistics(hearthApi, endpoint, query, peak),
                endpointAndQuery);
    }

    /** {@code data.stats} with stats=all: its members, timings by name only, the sample counts by value. */
    private static Map<String, Object> statistics(String api, String endpoint, String query, boolean peak) {
        JsonPath json = given().queryParam("query", query).queryParam("stats", "all")
                .queryParam("time", seconds(evalMillis)).queryParam("start", seconds(evalMillis - 30_000))
                .queryParam("end", seconds(evalMillis)).queryParam("step", "5").get(api + "/" + endpoint).jsonPath();
        assertEquals("success", json.getString("status"), api + ": " + json.prettify());
        Map<String, Object> shape = new TreeMap<>();
        shape.put("top", new java.util.TreeSet<>(json.getMap("$").keySet()));
        shape.put("data", new java.util.TreeSet<>(json.getMap("data").keySet()));
        shape.put("stats", new java.util.TreeSet<>(json.getMap("data.stats").keySet()));
        shape.put("timings", new java.util.TreeSet<>(json.getMap("data.stats.timings").keySet()));
        shape.put("samples", new java.util.TreeSet<>(json.getMap("data.stats.samples").keySet()));
        shape.put("totalQueryableSamples", json.getLong("data.stats.samples.totalQueryableSamples"));
        if (peak) {
            shape.put("peakSamples", json.getLong("data.stats.samples.peakSamples"));
        }
        return shape;
    }

    private static Map<String, String> vector(String api, String query) {
        JsonPath json = given().queryParam("query", query).queryParam("time", seconds(evalMillis)).get(api + "/query").jsonPath();
        assertEquals("success", json.getString("status"), api + " " + query + ": " + json.prettify());
        Map<String, String> result = new TreeMap<>();
        String type = json.getString("data.resultType");
        if (type.equals("scalar")) {
            result.put("scalar", round(json.getString("data.result[1]")));
            return result;
        }
        List<Map<String, Object>> samples = json.getList("data.result");
        for (int i = 0; i < samples.size(); i++) {
            result.put(new TreeMap<>(json.getMap("data.result[" + i + "].metric")).toString(),
                    round(json.getString("data.result[" + i + "].value[1]")));
        }
        return result;
    }

    private static Map<String, List<String>> matrix(String api, String query) {
        JsonPath json = given().queryParam("query", query).queryParam("start", seconds(evalMillis - 30_000))
                .queryParam("end", seconds(evalMillis)).queryParam("step", "5").get(api + "/query_range").jsonPath();
        assertEquals("success", json.getString("status"), api + " " + query + ": " + json.prettify());
        Map<String, List<String>> result = new TreeMap<>();
        List<Map<String, Object>> series = json.getList("data.result");
        for (int i = 0; i < series.size(); i++) {
            List<String> points = new ArrayList<>();
            List<List<Object>> values = json.getList("data.result[" + i + "].values");
            for (int p = 0; p < values.size(); p++) {
                points.add(json.getString("data.result[" + i + "].values[" + p + "][0]") + "="
                        + round(json.getString("data.result[" + i + "].values[" + p + "][1]")));
            }
            result.put(new TreeMap<>(json.getMap("data.result[" + i + "].metric")).toString(), points);
        }
        assertTrue(!result.isEmpty() || query.contains("nonexistent"), api + " returned no series for " + query);
        return result;
    }

    /** Twelve significant digits: the order of float additions may differ in the last bits. */
    private static String round(String value) {
        if (value.equals("NaN") || value.contains("Inf")) {
            return value;
        }
        return new BigDecimal(value).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }
}
