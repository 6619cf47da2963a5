package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers of query and query_range as clients see them: parameters from the URL and the form
 * (a body counts only when declared a form, as in Prometheus), JSON whatever the Accept header,
 * gzip, HEAD, OPTIONS and the CORS headers as Prometheus answers them, an elapsed timeout, the
 * refusals of another method (405) and of a malformed form (400), errors in Prometheus's shape,
 * framing, and the request metrics by route. Access control is off here;
 * {@link QueryEndpointsTest} signs.
 */
class QueryAnswersTest {

    private static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[100,\"1\"]}]}}";

    @TempDir
    static Path temp;

    private static HearthProcess hearth;
    private static String api;

    @BeforeAll
    static void start() {
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled());
        api = hearth.baseUrl() + "/workspaces/" + RemoteWriteIngestTest.workspace(hearth) + "/api/v1";
    }

    @AfterAll
    static void stop() {
        assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
    }

    @Test
    void postFormsAndSplitParametersAnswerAsGet() {
        assertEquals(VECTOR, given().queryParam("query", "vector(1)").queryParam("time", "100").get(api + "/query")
                .then().statusCode(200).contentType("application/json").extract().asString());
        assertEquals(VECTOR, given().formParam("query", "vector(1)").formParam("time", "100").post(api + "/query")
                .then().statusCode(200).extract().asString());
        // form values come first, as Prometheus merges them
        assertEquals(VECTOR, given().queryParam("time", "100").queryParam("query", "vector(2)").formParam("query", "vector(1)")
                .post(api + "/query").then().statusCode(200).extract().asString());
        given().queryParam("start", "0").queryParam("end", "30").formParam("query", "vector(1)").formParam("step", "15")
                .post(api + "/query_range/").then().statusCode(200)
                .body("data.result[0].values.size()", equalTo(3));
    }

    @Test
    void gzipDecodesToTheSameAnswerWithItsHeaders() throws IOException {
        HttpResponse<byte[]> plain = send(HttpRequest.newBuilder(URI.create(api + "/query?query=vector(1)&time=100")));
        HttpResponse<byte[]> gzipped = send(HttpRequest.newBuilder(URI.create(api + "/query?query=vector(1)&time=100"))
                .header("Accept-Encoding", "gzip"));
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null));
        // every answer varies by both, compressed or not
        assertEquals(List.of("Accept-Encoding", "Origin"), gzipped.headers().allValues("Vary").stream().sorted().toList());
        assertEquals(List.of("Accept-Encoding", "Origin"), plain.headers().allValues("Vary").stream().sorted().toList());
        assertEquals(new String(plain.body(), StandardCharsets.UTF_8), gunzip(gzipped.body()));
        HttpResponse<byte[]> error = send(HttpRequest.newBuilder(URI.create(api + "/query?query=sum("))
                .header("Accept-Encoding", "gzip"));
        assertEquals(400, error.statusCode());
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error:"
                + " unclosed left parenthesis\"}",
                gunzip(error.body()));
    }

    @Test
    void theFirstBareGzipOrDeflateListedIsTheCodingAsInPrometheus() throws IOException {
        String uri = api + "/query?query=vector(1)&time=100";
        String plain = new String(send(HttpRequest.newBuilder(URI.create(uri))).body(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> deflated = send(HttpRequest.newBuilder(URI.create(uri)).header("Accept-Encoding", "br, deflate, gzip"));
        assertEquals("deflate", deflated.headers().firstValue("Content-Encoding").orElse(null));
        try (var in = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(deflated.body()))) {
            assertEquals(plain, new String(in.readAllBytes(), StandardCharsets.UTF_8)); // zlib, as Go's deflate writes
        }
        assertEquals("gzip", send(HttpRequest.newBuilder(URI.create(uri)).header("Accept-Encoding", " gzip , deflate"))
                .headers().firstValue("Content-Encoding").orElse(null));
        // Go's handler matches bare names only: parameters and wildcards leave the answer plain
        for (String accept : new String[] {"gzip;q=1.0", "*", "identity", "x-gzip"}) {
            HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(URI.create(uri)).header("Accept-Encoding", accept));
            assertEquals(null, answer.headers().firstValue("Content-Encoding").orElse(null), accept);
            assertEquals(plain, new String(answer.body(), StandardCharsets.UTF_8), accept);
        }
        // the JAX-RS endpoints follow the same rule
        HttpResponse<byte[]> labels = send(HttpRequest.newBuilder(URI.create(api + "/labels")).header("Accept-Encoding", "deflate"));
        assertEquals("deflate", labels.headers().firstValue("Content-Encoding").orElse(null));
        assertTrue(labels.headers().allValues("Vary").contains("Accept-Encoding"));
        HttpResponse<byte[]> plainLabels = send(HttpRequest.newBuilder(URI.create(api + "/labels")).header("Accept-Encoding", "gzip;q=1"));
        assertEquals(null, plainLabels.headers().firstValue("Content-Encoding").orElse(null));
        assertTrue(plainLabels.headers().allValues("Vary").contains("Accept-Encoding"));
    }

    @Test
    void onlyAnotherMethodIsRefusedBeforeTheQuery() {
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            given().request(method, api + "/query").then().statusCode(405)
                    .header("x-amzn-ErrorType", "UnknownOperationException")
                    .body("message", equalTo("No operation matches this method and path"));
        }
        // a malformed pair is left out, as Go's FormValue leaves it: here the query itself
        given().contentType("application/x-www-form-urlencoded").body("query=%zz").post(api + "/query").then().statusCode(400)
                .body("errorType", equalTo("bad_data"))
                .body("error", equalTo("invalid parameter \"query\": unknown position: parse error: no expression found in input"));
    }

    @Test
    void anyAcceptIsAnsweredWithJsonAsPrometheusIgnoresIt() {
        for (String accept : new String[] {"text/plain", "application/xml", "image/png;q=0.5"}) {
            assertEquals(VECTOR, given().accept(accept).queryParam("query", "vector(1)").queryParam("time", "100")
                    .get(api + "/query").then().statusCode(200).contentType("application/json").extract().asString());
        }
    }

    @Test
    void aPostBodyNotDeclaredAFormHoldsNoParametersAsGoReadsForms() throws IOException {
        // the body is not refused, only not read: the URL's parameters answer
        assertEquals(VECTOR, given().contentType("application/json").body("{\"query\":\"vector(2)\"}")
                .post(api + "/query?query=vector(1)&time=100").then().statusCode(200).extract().asString());
        assertEquals(VECTOR, given().contentType("text/plain").body("query=vector(2)")
                .post(api + "/query?query=vector(1)&time=100").then().statusCode(200).extract().asString());
        // no query in the URL: the normal missing-query error
        given().contentType("application/json").body("query=vector(2)").post(api + "/query").then().statusCode(400)
                .body("errorType", equalTo("bad_data"))
                .body("error", equalTo("invalid parameter \"query\": unknown position: parse error: no expression found in input"));
        HttpResponse<byte[]> undeclared = send(HttpRequest.newBuilder(URI.create(api + "/query?time=100"))
                .POST(HttpRequest.BodyPublishers.ofString("query=vector(1)")));
        assertEquals(400, undeclared.statusCode());
        // the type's name in any case, with any parameters, declares a form
        assertEquals(VECTOR, given().contentType("Application/X-WWW-Form-Urlencoded; charset=UTF-8").body("query=vector(1)")
                .post(api + "/query?time=100").then().statusCode(200).extract().asString());
    }

    @Test
    void anElapsedTimeoutFailsAsPrometheus3sQueueWaitFails() {
        for (String timeout : new String[] {"0s", "0", "-1"}) {
            given().queryParam("query", "vector(1)").queryParam("timeout", timeout).get(api + "/query").then()
                    .statusCode(400).body("errorType", equalTo("bad_data"))
                    .body("error", equalTo("invalid parameter \"query\": context deadline exceeded"));
            given().queryParam("query", "vector(1)").queryParam("start", "0").queryParam("end", "60")
                    .queryParam("step", "15").queryParam("timeout", timeout).get(api + "/query_range").then()
                    .statusCode(400).body("error", equalTo("invalid parameter \"query\": context deadline exceeded"));
        }
        // checked after the other parameters, before the query itself
        given().queryParam("query", "vector(1)").queryParam("timeout", "0s").queryParam("time", "x").get(api + "/query")
                .then().statusCode(400).body("error", startsWith("invalid parameter \"time\""));
        given().queryParam("query", "sum(").queryParam("timeout", "0s").get(api + "/query").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"query\": context deadline exceeded"));
        given().queryParam("timeout", "-1s").queryParam("query", "vector(1)").get(api + "/query").then().statusCode(400)
                .body("error", equalTo("invalid parameter \"timeout\": cannot parse \"-1s\" to a valid duration"));
    }

    @Test
    void corsHeadersAreSetAsPrometheusSetsThem() {
        // Vary: Origin always; the rest only for a request that names its origin
        List<String> vary = given().queryParam("query", "vector(1)").get(api + "/query").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue()).header("Access-Control-Allow-Methods", nullValue())
                .extract().headers().getValues("Vary");
        assertTrue(vary.contains("Origin"), vary.toString());
        given().header("Origin", "https://grafana.example").queryParam("query", "vector(1)").get(api + "/query")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
                .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .header("Access-Control-Expose-Headers", "Date");
        // errors carry them too
        given().header("Origin", "https://grafana.example").queryParam("query", "sum(").get(api + "/query_range")
                .then().statusCode(400).header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void headAnswersAsGetWithoutABodyAndOptionsAsPrometheus() throws IOException {
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create(api + "/query?query=vector(1)"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("application/json", head.headers().firstValue("Content-Type").orElse(null));
        assertEquals(0, head.body().length);
        // OPTIONS: 204, no body and no type, as Prometheus answers it on any path of its API
        HttpResponse<byte[]> options = send(HttpRequest.newBuilder(URI.create(api + "/query_range"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://grafana.example"));
        assertEquals(204, options.statusCode());
        assertEquals(0, options.body().length);
        assertNull(options.headers().firstValue("Content-Type").orElse(null));
        assertNull(options.headers().firstValue("Allow").orElse(null));
        assertEquals("*", options.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void errorsArePrometheusErrors() {
        given().queryParam("query", "sum(").get(api + "/query").then().statusCode(400)
                .header("x-amzn-ErrorType", nullValue())
                .body("status", equalTo("error")).body("errorType", equalTo("bad_data"))
                .body("error", equalTo("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"));
        given().queryParam("query", "vector(1)").queryParam("start", "0").queryParam("end", "60").queryParam("step", "15")
                .get(hearth.baseUrl() + "/workspaces/ws-00000000-0000-0000-0000-000000000000/api/v1/query_range")
                .then().statusCode(404).body("errorType", equalTo("not_found"))
                .body("error", equalTo("workspace ws-00000000-0000-0000-0000-000000000000 does not exist"));
        given().get(api + "/query_range").then().statusCode(400).body("errorType", equalTo("bad_data"));
    }

    @Test
    void errorTextsEscapeAngleBracketsAsPrometheusJsonDoes() {
        String body = given().queryParam("query", "1 + <").get(api + "/query").then().statusCode(400).extract().asString();
        assertTrue(!body.contains("<") && body.contains("\\u003c"), body);
    }

    @Test
    void answersUpTo8KiBHaveALengthLongerOnesAreChunked() throws IOException {
        HttpResponse<byte[]> small = send(HttpRequest.newBuilder(URI.create(api + "/query_range?query=vector(1)&start=0&end=700&step=1")));
        assertEquals(String.valueOf(small.body().length), small.headers().firstValue("Content-Length").orElse(null));
        HttpResponse<byte[]> large = send(HttpRequest.newBuilder(URI.create(api + "/query_range?query=vector(1)&start=0&end=1000&step=1")));
        assertEquals("chunked", large.headers().firstValue("Transfer-Encoding").orElse(null));
        Response body = given().queryParam("query", "vector(1)").queryParam("start", "0").queryParam("end", "1000")
                .queryParam("step", "1").get(api + "/query_range");
        assertEquals(new String(large.body(), StandardCharsets.UTF_8), body.asString());
    }

    @Test
    void requestMetricsCountUnderTheRouteTemplate() {
        String series = "hearth_http_requests_seconds_count{code=\"200\",method=\"GET\",mp_scope=\"application\","
                + "route=\"/workspaces/{workspaceId}/api/v1/query_range\",}";
        double before = metric(series);
        given().queryParam("query", "vector(1)").queryParam("start", "0").queryParam("end", "60").queryParam("step", "15")
                .get(api + "/query_range").then().statusCode(200);
        assertEquals(before + 1, awaitMetric(series, before + 1));
        String unmatched = "hearth_http_requests_seconds_count{code=\"405\",method=\"PATCH\",mp_scope=\"application\","
                + "route=\"unmatched\",}";
        double refused = metric(unmatched);
        given().request("PATCH", api + "/query_range").then().statusCode(405);
        assertEquals(refused + 1, awaitMetric(unmatched, refused + 1));
    }

    /**
     * The metric once it reaches {@code expected}, or as it is after 5 s: the route records a
     * request once its answer is written, so the client can read /metrics a moment before that.
     */
    private static double awaitMetric(String series, double expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        double value = metric(series);
        while (value < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = metric(series);
        }
        return value;
    }

    private static double metric(String series) {
        String text = given().accept("text/plain").get(hearth.baseUrl() + "/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(emptyString())).extract().asString();
        return text.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(
                line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
