package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

/**
 * Debian's Prometheus, with its exemplar storage on, scrapes an OpenMetrics target whose counters
 * and histogram buckets carry a new exemplar every second, and remote-writes them
 * ({@code send_exemplars}) to a Hearth workspace: {@code query_exemplars} must then give the same
 * answer from both. Prometheus 2.42 does not sort its answer by series, so series are compared
 * sorted; everything else (labels, values as strings, timestamps, 204 for a query without
 * selectors) must be equal. Prometheus's remote write 1.0 sends each exemplar in a series entry of its
 * own, without samples, which this exercises.
 */
class ExemplarsDifferentialTest {

    @org.junit.jupiter.api.io.TempDir
    static Path temp;

    private static HttpServer target;
    private static HearthProcess hearth;
    private static PrometheusProcess prometheus;
    private static String hearthApi;
    private static volatile long frozenSecond = Long.MAX_VALUE;
    private static long firstSecond;
    private static long compareFrom;
    private static long compareTo;

    @BeforeAll
    static void start() throws Exception {
        firstSecond = System.currentTimeMillis() / 1000;
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", exchange -> {
            byte[] body = exposition(Math.min(System.currentTimeMillis() / 1000, frozenSecond)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        hearth = HearthProcess.start(temp.resolve("hearth"), HearthProcess.options().authDisabled());
        String ws = RemoteWriteIngestTest.workspace(hearth);
        hearthApi = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";
        prometheus = PrometheusProcess.start(temp.resolve("prometheus"), HearthProcess.freePort(), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: %s/remote_write
                    send_exemplars: true
                    queue_config:
                      batch_send_deadline: 1s
                """.formatted(target.getAddress().getPort(), hearthApi), "--enable-feature=exemplar-storage");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!ready(prometheus.api().replace("/api/v1", "/-/ready"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("prometheus did not become ready:\n" + prometheus.log());
            }
            Thread.sleep(250);
        }
        // let a dozen seconds of exemplars accumulate, then stop making new ones
        while (exemplarSeconds(prometheus.api()) < 12 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        frozenSecond = System.currentTimeMillis() / 1000;
        // Prometheus's remote write starts with the exemplars after its own start; skip the first seconds
        compareFrom = (firstSecond + 4) * 1000;
        compareTo = frozenSecond * 1000 + 999;
        // Prometheus's answer is final once it has scraped the frozen second (no exemplar is new
        // after it); comparing before that could pass on a second Hearth has not been sent yet
        while (!lastExemplar(prometheus.api()).equals("a" + frozenSecond) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        // wait until Hearth holds what Prometheus holds
        while (System.nanoTime() < deadline) {
            if (answer(prometheus.api(), "{__name__=~\"app_.+\"}", compareFrom, compareTo)
                    .equals(answer(hearthApi, "{__name__=~\"app_.+\"}", compareFrom, compareTo))) {
                break;
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (hearth != null) {
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
        }
        if (target != null) {
            target.stop(0);
        }
    }

    /** The target's exposition at second {@code s}: each exemplar is new every second and repeated within it. */
    static String exposition(long s) {
        long n = s - firstSecond + 1;
        String at = s + ".25";
        return """
                # TYPE app_requests counter
                app_requests_total{path="/a"} %d # {trace_id="a%d"} 1 %s
                app_requests_total{path="/b"} %d # {trace_id="b%d",span_id="s%d"} %s %s
                # TYPE app_seconds histogram
                app_seconds_bucket{le="0.1"} %d # {trace_id="h%d"} 0.05 %s
                app_seconds_bucket{le="1"} %d # {trace_id="i%d"} %s %s
                app_seconds_bucket{le="+Inf"} %d
                app_seconds_sum %s
                app_seconds_count %d
                # EOF
                """.formatted(n, s, at, 2 * n, s, s, Double.toString(2.5 + (s % 7) / 3.0), at, n, s, at, 2 * n, s,
                Double.toString(0.5 + (s % 4) / 10.0), at, 2 * n, Double.toString(n * 0.6), 2 * n);
    }

    private static boolean ready(String url) {
        try {
            return given().get(url).statusCode() == 200;
        } catch (Exception e) { // RestAssured throws ConnectException unchecked
            return false; // not listening yet
        }
    }

    /** How many distinct seconds of exemplars Prometheus holds for one series. */
    private static int exemplarSeconds(String api) {
        JsonPath json = given().queryParam("query", "app_requests_total{path=\"/a\"}").get(api + "/query_exemplars").jsonPath();
        List<?> exemplars = json.getList("data[0].exemplars");
        return exemplars == null ? 0 : exemplars.size();
    }

    /** The trace id of the newest exemplar Prometheus holds for one series ("" for none). */
    private static String lastExemplar(String api) {
        JsonPath json = given().queryParam("query", "app_requests_total{path=\"/a\"}").get(api + "/query_exemplars").jsonPath();
        List<String> ids = json.getList("data[0].exemplars.labels.trace_id");
        return ids == null || ids.isEmpty() ? "" : ids.get(ids.size() - 1);
    }

    /** A query_exemplars answer as series (by their labels' text) to exemplars, comparable across servers. */
    private static Map<String, List<Map<String, Object>>> answer(String api, String query, long from, long to) {
        io.restassured.response.Response response = given().queryParam("query", query).queryParam("start", seconds(from))
                .queryParam("end", seconds(to)).get(api + "/query_exemplars");
        if (response.statusCode() == 204) {
            assertEquals("", response.asString());
            return Map.of("(204 No Content)", List.of()); // no selectors, no data
        }
        // timestamps as exact decimals: a float would hide differences in the milliseconds
        JsonPath json = response.jsonPath(new io.restassured.path.json.config.JsonPathConfig(
                io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertEquals("success", json.getString("status"), api + " " + query + ": " + json.prettify());
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        List<Map<String, Object>> data = json.getList("data");
        if (data == null) {
            return out;
        }
        for (Map<String, Object> series : data) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> exemplars = (List<Map<String, Object>>) series.get("exemplars");
            out.put(new TreeMap<>((Map<?, ?>) series.get("seriesLabels")).toString(), new ArrayList<>(exemplars));
        }
        return out;
    }

    private static String seconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3).toPlainString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "app_requests_total",
        "app_seconds_bucket{le=\"1\"}",
        "rate(app_requests_total{path=\"/b\"}[1m]) / ignoring(le) app_seconds_bucket offset 1m",
        "histogram_quantile(0.9, sum by (le) (rate(app_seconds_bucket[5m])))",
        "{__name__=~\"app_.+\"}",
        "nothing_here",
        "1 + 1"
    })
    void queryExemplarsAgreeWithPrometheus(String query) {
        Map<String, List<Map<String, Object>>> expected = answer(prometheus.api(), query, compareFrom, compareTo);
        if (!query.equals("nothing_here") && !query.equals("1 + 1")) {
            assertFalse(expected.isEmpty(), "Prometheus holds exemplars for " + query + ":\n" + prometheus.log());
        }
        assertEquals(expected, answer(hearthApi, query, compareFrom, compareTo), query);
        // a window inside the range
        long midFrom = compareFrom + 2_000;
        long midTo = compareFrom + 5_250;
        assertEquals(answer(prometheus.api(), query, midFrom, midTo), answer(hearthApi, query, midFrom, midTo), query);
    }

}
