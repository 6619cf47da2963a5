package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata endpoints of the Prometheus HTTP API (series, labels, label values, format_query,
 * status), with REST Assured and with promtool as a real client, and what Prometheus does around
 * every endpoint: JSON whatever the Accept, POST bodies read only when declared a form, OPTIONS
 * and the CORS headers (this server allows only two origins). Access control is off here, as
 * promtool cannot sign.
 */
class PrometheusApiTest {

    @TempDir
    static Path temp;

    private static HearthProcess hearth;
    private static String ws;
    private static String api;

    @BeforeAll
    static void start() {
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .arg("--hearth.query.max-range-millis=86400000")
                .arg("--hearth.cors.origin=https?://(grafana|dash)\\.example"));
        ws = RemoteWriteIngestTest.workspace(hearth);
        api = hearth.baseUrl() + "/workspaces/" + ws + "/api/v1";
        // Some tests query at the current second, truncated; a sample written in this very second
        // would lie after that time and be unseen when they run within a second of start-up.
        long now = System.currentTimeMillis() - 5_000;
        given().contentType("application/x-protobuf").header("Content-Encoding", "snappy")
                .body(RemoteWriteBodies.v1(now, 1,
                        new String[] {"__name__", "up", "job", "api", "instance", "a:1"},
                        new String[] {"__name__", "up", "job", "api", "instance", "b:1"},
                        new String[] {"__name__", "up", "job", "db", "instance", "c:1"},
                        new String[] {"__name__", "http_requests_total", "job", "api", "code", "200"}))
                .post(api + "/remote_write").then().statusCode(204);
    }

    @AfterAll
    static void stop() {
        assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
    }

    @Test
    void seriesByGetAndPostSortedAndLimited() {
        given().queryParam("match[]", "up{job=\"api\"}").get(api + "/series").then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data", hasSize(2))
                .body("data[0]", equalTo(java.util.Map.of("__name__", "up", "instance", "a:1", "job", "api")));
        given().formParam("match[]", "up").formParam("match[]", "http_requests_total").post(api + "/series")
                .then().statusCode(200).body("data", hasSize(4));
        given().queryParam("match[]", "up").queryParam("limit", "1").get(api + "/series").then().statusCode(200)
                .body("data", hasSize(1)).body("warnings", contains("results truncated due to limit"));
        given().queryParam("match[]", "{__name__=~\"u.\"}").queryParam("start", "0").queryParam("end", "1").get(api + "/series")
                .then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void labelNamesAndValues() {
        given().get(api + "/labels").then().statusCode(200)
                .body("data", contains("__name__", "code", "instance", "job"));
        given().queryParam("match[]", "up").get(api + "/labels").then().statusCode(200)
                .body("data", contains("__name__", "instance", "job"));
        given().get(api + "/label/job/values").then().statusCode(200).body("data", contains("api", "db"));
        // the path may carry the name in Prometheus's U__ escape
        given().get(api + "/label/U__j_6f_b/values").then().statusCode(200).body("data", contains("api", "db"));
        given().get(api + "/label/__name__/values").then().statusCode(200).body("data", contains("http_requests_total", "up"));
        given().queryParam("match[]", "up{job=\"db\"}").get(api + "/label/instance/values").then().body("data", contains("c:1"));
    }

    @Test
    void errorsHaveThePrometheusShape() {
        given().get(api + "/series").then().statusCode(400)
                .body("status", equalTo("error")).body("errorType", equalTo("bad_data"))
                .body("error", equalTo("no match[] parameter provided"));
        given().queryParam("match[]", "up{").get(api + "/series").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", containsString("invalid parameter \"match[]\": "));
        given().queryParam("match[]", "up").queryParam("start", "yesterday").get(api + "/series").then().statusCode(400)
                .body("error", containsString("invalid parameter \"start\""));
        given().queryParam("match[]", "up").queryParam("limit", "-1").get(api + "/series").then().statusCode(400);
        // Prometheus's boundary times, in the RFC 3339 form its own answers use
        given().queryParam("match[]", "up").queryParam("start", "-292273086-05-16T16:47:06Z")
                .queryParam("end", "292277025-08-18T07:12:54.999999999Z").get(api + "/series").then().statusCode(200)
                .body("data", hasSize(3));
        // an empty interval finds nothing, as in Prometheus, rather than failing
        given().queryParam("match[]", "up").queryParam("start", "200").queryParam("end", "100").get(api + "/series")
                .then().statusCode(200).body("data", hasSize(0));
        given().queryParam("start", "200").queryParam("end", "100").get(api + "/labels").then().statusCode(200)
                .body("data", hasSize(0));
        given().get(api + "/format_query").then().statusCode(400).body("error",
                equalTo("invalid parameter \"query\": unknown position: parse error: no expression found in input"));
        given().queryParam("match[]", "up").queryParam("limit", "ten").get(api + "/series").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"limit\": strconv.Atoi: parsing \"ten\": invalid syntax"));
        // Prometheus 3.14's texts: series names the parameter, labels and label values do not
        given().queryParam("match[]", "{job=\"\"}").get(api + "/series").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"));
        given().queryParam("match[]", "{job=~\".*\"}").get(api + "/labels").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", equalTo("match[] must contain at least one non-empty matcher"));
        given().queryParam("match[]", "up{").get(api + "/label/job/values").then().statusCode(400)
                .body("error", equalTo("1:4: parse error: unexpected end of input inside braces"));
        // a match[] that is an expression stops at its first token that cannot continue a selector
        given().queryParam("match[]", "sum(up)").get(api + "/series").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"match[]\": 1:4: parse error: unexpected \"(\""));
        given().queryParam("match[]", "sum(up)").get(api + "/labels").then().statusCode(400)
                .body("error", equalTo("1:4: parse error: unexpected \"(\""));
        given().queryParam("match[]", "sum(up)").get(api + "/label/job/values").then().statusCode(400)
                .body("error", equalTo("1:4: parse error: unexpected \"(\""));
        // on the wire, < > & are escaped as Prometheus's JSON escapes them
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:4: parse error: unexpected"
                + " \\u003coffset\\u003e\"}", given().queryParam("match[]", "up offset 5m").get(api + "/labels").then()
                        .statusCode(400).extract().asString());
        given().queryParam("match[]", "(up)").get(api + "/series").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"match[]\": 1:1: parse error: unexpected \"(\""));
        given().queryParam("match[]", "up").queryParam("start", "yesterday").get(api + "/labels").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"start\": invalid time value for 'start': cannot parse"
                        + " \"yesterday\" to a valid timestamp"));
        given().get(hearth.baseUrl() + "/workspaces/ws-00000000-0000-0000-0000-000000000000/api/v1/labels")
                .then().statusCode(404).body("errorType", equalTo("not_found"));
    }

    @Test
    void everyEndpointAnswersJsonWhateverTheAccept() {
        given().accept("text/plain").queryParam("match[]", "up").get(api + "/series").then().statusCode(200)
                .contentType("application/json").body("data", hasSize(3));
        given().accept("text/html").get(api + "/labels").then().statusCode(200).contentType("application/json");
        given().accept("image/png").get(api + "/label/job/values").then().statusCode(200).contentType("application/json")
                .body("data", contains("api", "db"));
        given().accept("text/plain").queryParam("query", "up").get(api + "/format_query").then().statusCode(200)
                .contentType("application/json");
        given().accept("text/plain").queryParam("query", "up").get(api + "/parse_query").then().statusCode(200)
                .contentType("application/json");
        for (String status : List.of("buildinfo", "runtimeinfo", "flags", "config", "tsdb")) {
            given().accept("application/xml").get(api + "/status/" + status).then().statusCode(200)
                    .contentType("application/json");
        }
        given().accept("text/plain").get(api + "/metadata").then().statusCode(200).contentType("application/json");
        given().accept("text/plain").get(api + "/rules").then().statusCode(200).contentType("application/json");
        given().accept("text/plain").get(api + "/alerts").then().statusCode(200).contentType("application/json");
        // errors too
        given().accept("text/plain").get(api + "/series").then().statusCode(400).contentType("application/json")
                .body("error", equalTo("no match[] parameter provided"));
    }

    @Test
    void aPostBodyCountsOnlyWhenDeclaredAForm() {
        // any other type is not refused: its body holds no parameters, the URL's count
        given().contentType("application/json").body("{}").queryParam("match[]", "up").post(api + "/series")
                .then().statusCode(200).body("data", hasSize(3));
        given().contentType("text/plain").body("match[]=up").post(api + "/series").then().statusCode(400)
                .body("error", equalTo("no match[] parameter provided"));
        given().contentType("application/json").body("{}").queryParam("match[]", "up").post(api + "/labels")
                .then().statusCode(200).body("data", contains("__name__", "instance", "job"));
        given().contentType("application/json").body("{}").queryParam("query", "up").post(api + "/format_query")
                .then().statusCode(200).body("data", equalTo("up"));
        given().contentType("application/json").body("{}").post(api + "/parse_query").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"query\": unknown position: parse error: no expression found in input"));
        given().contentType("application/json").body("{}").queryParam("query", "up").post(api + "/query_exemplars")
                .then().statusCode(200);
        // a form is read whatever the case of its type
        given().contentType("APPLICATION/X-WWW-FORM-URLENCODED").body("match[]=up").post(api + "/series").then()
                .statusCode(200).body("data", hasSize(3));
    }

    @Test
    void aPairThatDoesNotDecodeIsRefusedBySeriesAndRulesAndLeftOutElsewhere() {
        // a semicolon passes the web server (a malformed escape in the URL does not: it answers a
        // bare 400 before any route), and Go's form reader refuses the pair that holds it
        String semicolon = "error parsing form values: invalid semicolon separator in query";
        given().urlEncodingEnabled(false).get(api + "/series?match%5B%5D=up&x=1;y=2").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", equalTo(semicolon));
        given().urlEncodingEnabled(false).get(api + "/rules?type=alert;x=1").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", equalTo(semicolon));
        given().contentType("application/x-www-form-urlencoded").body("match[]=up&x=%zz").post(api + "/series")
                .then().statusCode(400).body("error", equalTo("error parsing form values: invalid URL escape \"%zz\""));
        // the other endpoints answer from the pairs that decoded, as Prometheus's FormValue does
        given().urlEncodingEnabled(false).get(api + "/labels?match%5B%5D=up&x=1;y=2").then().statusCode(200)
                .body("data", contains("__name__", "instance", "job"));
        given().urlEncodingEnabled(false).get(api + "/query?query=count(up)&x=1;y=2").then().statusCode(200)
                .body("data.result[0].value[1]", equalTo("3"));
        given().contentType("application/x-www-form-urlencoded").body("query=count(up)&x=%zz").post(api + "/query")
                .then().statusCode(200).body("data.result[0].value[1]", equalTo("3"));
    }

    @Test
    void optionsIsAnsweredNoContentOnAnyPathOfTheApi() {
        for (String path : List.of("/series", "/labels", "/label/job/values", "/status/buildinfo", "/rules",
                "/query", "/no-such-endpoint")) {
            Response options = given().header("Origin", "https://grafana.example").options(api + path);
            assertEquals(204, options.statusCode(), path);
            assertEquals("", options.asString(), path);
            assertNull(options.header("Allow"), path);
            assertNull(options.header("Content-Type"), path);
            assertEquals("https://grafana.example", options.header("Access-Control-Allow-Origin"), path);
        }
    }

    @Test
    void corsHeadersFollowTheConfiguredOrigins() {
        // this server allows https?://(grafana|dash)\.example: an allowed origin is echoed, on both
        // the JAX-RS endpoints and the query routes
        for (String path : List.of("/labels", "/query?query=vector(1)")) {
            List<String> vary = given().header("Origin", "http://dash.example").get(api + path).then().statusCode(200)
                    .header("Access-Control-Allow-Origin", "http://dash.example")
                    .header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
                    .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .header("Access-Control-Expose-Headers", "Date").extract().headers().getValues("Vary");
            assertTrue(vary.contains("Origin"), vary.toString());
            // anchored at both ends: a longer origin is not allowed, yet gets the other headers
            given().header("Origin", "https://grafana.example.evil").get(api + path).then().statusCode(200)
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            vary = given().get(api + path).then().statusCode(200).header("Access-Control-Allow-Methods", nullValue())
                    .extract().headers().getValues("Vary");
            assertTrue(vary.contains("Origin"), vary.toString());
        }
        given().header("Origin", "https://grafana.example").get(api + "/series").then().statusCode(400)
                .header("Access-Control-Allow-Origin", "https://grafana.example");
    }

    @Test
    void anOriginExpressionThatDoesNotCompileStopsTheStart() {
        try (HearthProcess bad = HearthProcess.launch(temp.resolve("data-bad-cors"),
                HearthProcess.options().authDisabled().arg("--hearth.cors.origin=(unclosed"))) {
            assertNotEquals(0, bad.awaitExit(Duration.ofSeconds(60)));
            assertTrue(bad.log().contains("hearth.cors.origin is not a regular expression: Unclosed group in (unclosed"),
                    bad.log());
        }
    }

    @Test
    void formatQueryAndStatusPages() {
        given().queryParam("query", "sum(rate(x[5m])) by (job)").get(api + "/format_query").then().statusCode(200)
                .body("data", equalTo("sum by (job) (rate(x[5m]))"));
        given().formParam("query", "sum(").post(api + "/format_query").then().statusCode(400).body("errorType", equalTo("bad_data"));
        given().get(api + "/status/buildinfo").then().statusCode(200).body("data.version", containsString("3."))
                .body("data.revision", org.hamcrest.Matchers.matchesPattern("\\d+\\.\\d+\\.\\d+.*")); // Hearth's version, from its jar
        given().get(api + "/status/runtimeinfo").then().statusCode(200).body("data.storageRetention", equalTo("45d"));
        given().get(api + "/status/flags").then().statusCode(200);
        given().get(api + "/status/config").then().statusCode(200).body("data.yaml", equalTo(""));
    }

    @Test
    void queryAndQueryRangeAnswerInEveryResultType() {
        long now = System.currentTimeMillis() / 1000;
        given().queryParam("query", "up{job=\"api\"}").get(api + "/query").then().statusCode(200)
                .body("data.resultType", equalTo("vector")).body("data.result", hasSize(2))
                .body("data.result[0].value[1]", equalTo("1"));
        given().formParam("query", "count(up)").formParam("time", Long.toString(now)).post(api + "/query").then().statusCode(200)
                .body("data.result[0].value[1]", equalTo("3"));
        given().queryParam("query", "1.5").get(api + "/query").then().body("data.resultType", equalTo("scalar"))
                .body("data.result[1]", equalTo("1.5"));
        given().queryParam("query", "\"text\"").get(api + "/query").then().body("data.resultType", equalTo("string"))
                .body("data.result[1]", equalTo("text"));
        given().queryParam("query", "up[5m]").get(api + "/query").then().body("data.resultType", equalTo("matrix"));
        given().queryParam("query", "sum by (job) (up)").queryParam("start", now - 60).queryParam("end", now)
                .queryParam("step", "15s").get(api + "/query_range").then().statusCode(200)
                .body("data.resultType", equalTo("matrix")).body("data.result", hasSize(2));
        given().queryParam("query", "1/0").get(api + "/query").then().body("data.result[1]", equalTo("+Inf"));
    }

    /**
     * Arithmetic may give histograms no observation can produce; Prometheus 3 answers them (no
     * 500): {@code -h} with negative counts and no zero bucket in the JSON (its bucket iterator
     * yields the zero bucket only above 0), a custom-bucket {@code h / 0} with no buckets and a NaN
     * zero count that is not written. Storage still refuses such histograms at ingest.
     */
    @Test
    void histogramArithmeticBeyondObservationsAnswersAsPrometheusDoes() {
        String other = RemoteWriteIngestTest.workspace(hearth);
        String otherApi = hearth.baseUrl() + "/workspaces/" + other + "/api/v1";
        long now = System.currentTimeMillis();
        given().contentType(IngestPayloads.V1).header("Content-Encoding", "snappy")
                .body(IngestPayloads.snappy(IngestPayloads.v1(now))).post(otherApi + "/remote_write").then().statusCode(204);
        // buckets (-Inf, 0.25] = 1, (0.25, 0.5] = 3, (0.5, 1] = 0, (1, +Inf] = 2
        given().contentType(IngestPayloads.V1).header("Content-Encoding", "snappy")
                .body(RemoteWriteBodies.v1CustomBuckets(now, "rpc_seconds", 6, 4.5, new long[] {1, 2, -3, 2}, 0.25, 0.5, 1))
                .post(otherApi + "/remote_write").then().statusCode(204);
        long at = now / 1000 + 1;
        String query = otherApi + "/query";
        // rw1_native: zero bucket 1, (0.5,1] 2, (1,2] 3, (4,8] 1, [-2,-1) 3; count 10, sum 25.5
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"job\":\"rt\"},"
                + "\"histogram\":[" + at + ",{\"count\":\"-10\",\"sum\":\"-25.5\",\"buckets\":[[1,\"-2\",\"-1\",\"-3\"],"
                + "[0,\"0.5\",\"1\",\"-2\"],[0,\"1\",\"2\",\"-3\"],[0,\"4\",\"8\",\"-1\"]]}]}]}}",
                given().queryParam("query", "-rw1_native").queryParam("time", at).get(query).then().statusCode(200)
                        .extract().asString());
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"histogram\":[" + at + ",{\"count\":\"+Inf\",\"sum\":\"+Inf\"}]}]}}",
                given().queryParam("query", "rpc_seconds / 0").queryParam("time", at).get(query).then().statusCode(200)
                        .extract().asString());
        given().queryParam("query", "rpc_seconds * 0 / 0").queryParam("time", at).get(query).then().statusCode(200)
                .body("data.result[0].histogram[1]", equalTo(java.util.Map.of("count", "NaN", "sum", "NaN")));
        given().queryParam("query", "-rpc_seconds").queryParam("time", at).get(query).then().statusCode(200)
                .body("data.result[0].histogram[1].buckets", equalTo(List.of(List.of(3, "-Inf", "0.25", "-1"),
                        List.of(0, "0.25", "0.5", "-3"), List.of(0, "1", "+Inf", "-2"))));
    }

    @Test
    void longAndDeepQueriesAreAnsweredAsPrometheusAnswersThem() {
        // a GET of about 100 KB (Helidon's default refused 4 KiB with 414), 20,000 operators deep
        String chain = "vector(1)" + " + 0".repeat(20_000);
        given().queryParam("query", chain).get(api + "/query").then().statusCode(200)
                .body("data.result[0].value[1]", equalTo("1"));
        given().queryParam("match[]", "up{job=\"" + "x".repeat(50_000) + "\"}").get(api + "/series").then()
                .statusCode(200).body("data", hasSize(0));
    }

    @Test
    void queryErrorsArePrometheusErrors() {
        long now = System.currentTimeMillis() / 1000;
        given().queryParam("query", "sum(").get(api + "/query").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", containsString("parse error"));
        given().get(api + "/query").then().statusCode(400).body("errorType", equalTo("bad_data"));
        given().queryParam("query", "sum(").get(api + "/query").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"));
        given().queryParam("query", "up").queryParam("time", "noon").get(api + "/query").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"time\": invalid time value for 'time': cannot parse \"noon\""
                        + " to a valid timestamp"));
        given().queryParam("query", "up").queryParam("end", now).queryParam("step", "15").get(api + "/query_range")
                .then().statusCode(400).body("error", equalTo("invalid parameter \"start\": cannot parse \"\" to a valid timestamp"));
        given().queryParam("query", "up").queryParam("lookback_delta", "soon").get(api + "/query").then().statusCode(400)
                .body("errorType", equalTo("bad_data"))
                .body("error", equalTo("error parsing lookback delta duration: cannot parse \"soon\" to a valid duration"));
        given().queryParam("query", "up").queryParam("stats", "1").get(api + "/query").then().statusCode(200)
                .body("data.stats.samples.totalQueryableSamples", equalTo(3))
                .body("warnings", contains("value \"1\" for parameter \"stats\" is deprecated and will be rejected in the"
                        + " next major release, use \"true\" or \"all\""));
        given().queryParam("query", "up").queryParam("start", now - 60).queryParam("end", now).get(api + "/query_range")
                .then().statusCode(400).body("error", containsString("invalid parameter \"step\""));
        given().queryParam("query", "up").queryParam("start", now).queryParam("end", now - 60).queryParam("step", "15")
                .get(api + "/query_range").then().statusCode(400).body("error", containsString("end timestamp must not be before start time"));
        given().queryParam("query", "up").queryParam("start", 0).queryParam("end", now).queryParam("step", "1")
                .get(api + "/query_range").then().statusCode(400).body("error", containsString("exceeded maximum resolution of 11,000 points"));
        given().queryParam("query", "up[5m]").queryParam("start", now - 60).queryParam("end", now).queryParam("step", "15")
                .get(api + "/query_range").then().statusCode(400).body("error", containsString("invalid expression type \"range vector\""));
        given().queryParam("query", "rate(up)").get(api + "/query").then().statusCode(400).body("errorType", equalTo("bad_data"));
    }

    @Test
    void guardsStatisticsCompressionAndUsage() {
        long now = System.currentTimeMillis() / 1000;
        given().queryParam("query", "up").queryParam("start", now - 2 * 86400).queryParam("end", now).queryParam("step", "60")
                .get(api + "/query_range").then().statusCode(400).body("error", containsString("exceeds the limit"));
        given().queryParam("query", "up").queryParam("stats", "all").get(api + "/query").then().statusCode(200)
                .body("data.stats.samples.totalQueryableSamples", equalTo(3))
                .body("data.stats.samples.peakSamples", equalTo(3))
                .body("data.stats.timings.keySet()", hasItems("evalTotalTime", "resultSortTime", "queryPreparationTime",
                        "innerEvalTime", "execQueueTime", "execTotalTime"))
                .body("stats", nullValue());
        given().queryParam("query", "up").queryParam("stats", "").get(api + "/query").then().statusCode(200)
                .body("data.stats", nullValue());
        // Prometheus 3's limit: the first series, and a warning that the others were cut
        given().queryParam("query", "up").queryParam("limit", "2").get(api + "/query").then().statusCode(200)
                .body("data.result", hasSize(2)).body("warnings", contains("results truncated due to limit"));
        given().queryParam("query", "up").queryParam("limit", "3").get(api + "/query").then().statusCode(200)
                .body("data.result", hasSize(3)).body("warnings", nullValue());
        given().queryParam("query", "up").queryParam("start", now - 60).queryParam("end", now).queryParam("step", "15")
                .queryParam("limit", "1").get(api + "/query_range").then().statusCode(200)
                .body("data.result", hasSize(1)).body("warnings", contains("results truncated due to limit"));
        given().queryParam("query", "up").queryParam("limit", "-1").get(api + "/query").then().statusCode(400)
                .body("errorType", equalTo("bad_data")).body("error", containsString("limit must be non-negative"));
        given().queryParam("query", "up").queryParam("max_samples_processed_warning_threshold", "1").get(api + "/query")
                .then().statusCode(200).body("warnings[0]", containsString("max_samples_processed_warning_threshold"));
        given().queryParam("query", "up").queryParam("max_samples_processed_error_threshold", "1").get(api + "/query")
                .then().statusCode(422).body("errorType", equalTo("execution"));
        io.restassured.response.Response gzipped = given().header("Accept-Encoding", "gzip").queryParam("query", "up")
                .get(api + "/query");
        assertEquals("gzip", gzipped.header("Content-Encoding"));
        assertEquals("success", gzipped.jsonPath().getString("status"));
        given().get(hearth.baseUrl() + "/workspaces/" + ws + "/usage").then().statusCode(200)
                .body("samplesIngested", equalTo(4))
                .body("activeSeries", equalTo(4))
                .body("querySamplesProcessed", org.hamcrest.Matchers.greaterThan(0))
                .body("bytesStored", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void tsdbStatusGivesTheWorkspacesCardinality() {
        given().get(api + "/status/tsdb").then().statusCode(200)
                .body("data.headStats.numSeries", equalTo(4))
                .body("data.seriesCountByMetricName[0].name", equalTo("up"))
                .body("data.seriesCountByMetricName[0].value", equalTo(3))
                .body("data.labelValueCountByLabelName.find { it.name == 'instance' }.value", equalTo(3))
                .body("data.seriesCountByLabelValuePair.find { it.name == 'job=api' }.value", equalTo(3))
                .body("data.seriesCountByLabelValuePair.find { it.name == 'job=db' }.value", equalTo(1));
        given().queryParam("limit", "1").get(api + "/status/tsdb").then().body("data.seriesCountByMetricName", hasSize(1));
        for (String refused : new String[] {"0", "-1", "x"}) {
            given().queryParam("limit", refused).get(api + "/status/tsdb").then().statusCode(400)
                    .body("errorType", equalTo("bad_data")).body("error", equalTo("limit must be a positive number"));
        }
        given().queryParam("limit", "10001").get(api + "/status/tsdb").then().statusCode(400)
                .body("error", equalTo("limit must not exceed 10000"));
    }

    @Test
    void promtoolQueriesSeriesAndLabels() throws Exception {
        String server = hearth.baseUrl() + "/workspaces/" + ws;
        String series = promtool("query", "series", "--match=up{job=\"api\"}", server);
        assertTrue(series.contains("{__name__=\"up\", instance=\"a:1\", job=\"api\"}"), series);
        assertTrue(series.contains("instance=\"b:1\""), series);
        String labels = promtool("query", "labels", server, "job");
        assertEquals(List.of("api", "db"), labels.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        String instant = promtool("query", "instant", server, "count by (job) (up)");
        assertTrue(instant.contains("{job=\"api\"} => 2 @[") && instant.contains("{job=\"db\"} => 1 @["), instant);
        long now = System.currentTimeMillis() / 1000;
        String range = promtool("query", "range", "--start=" + (now - 60), "--end=" + now, "--step=15s", server,
                "sum(up)");
        assertTrue(range.contains("{} =>") && range.contains("3 @["), range);
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
