package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules end to end: the distribution with its rule evaluator ({@code prometheus}) and Alertmanager
 * notifier ({@code alertmanager}) plugins, and Debian's real Alertmanager 0.25, on loopback ports.
 * An alert on remote-written data fires, reaches Alertmanager's v2 API with its labels, shows in
 * {@code /api/v1/alerts} and {@code /api/v1/rules}, and resolves in Alertmanager once new data
 * clears it; a recording rule's results are queryable.
 *
 * <p>Skipped (not failed) when the distribution does not load those plugins, as
 * {@code /-/plugins} reports them, or when {@code prometheus-alertmanager} is not installed.
 */
class AlertingEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final String EXTERNAL_URL = "http://hearth.test:9009";

    @TempDir
    static Path temp;

    private static HearthProcess hearth;
    private static Process alertmanager;
    private static int alertmanagerPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager is not installed");
        alertmanagerPort = HearthProcess.freePort();
        // The Alertmanager URL comes from the environment, as an operator would set it.
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled()
                .env("HEARTH_ALERTMANAGER_URLS", "http://127.0.0.1:" + alertmanagerPort)
                .env("HEARTH_RULES_EXTERNAL_LABELS", "cluster=eu-1")
                .arg("--hearth.external-url=" + EXTERNAL_URL));
        JsonPath plugins = given().get(hearth.baseUrl() + "/-/plugins").then().statusCode(200).extract().jsonPath();
        boolean evaluator = plugins.getList("plugins.findAll { it.extensionPoint == 'rule evaluator' }.name").contains("prometheus");
        boolean notifier = plugins.getList("plugins.findAll { it.extensionPoint == 'notifier' }.name").contains("alertmanager");
        if (!evaluator || !notifier) {
            hearth.close();
            hearth = null;
            Assumptions.abort("the distribution has no rule evaluator 'prometheus' or notifier 'alertmanager' plugin yet");
        }
        Path config = temp.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: blackhole
                """);
        alertmanager = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + config,
                "--storage.path=" + temp.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(temp.resolve("alertmanager.log").toFile()).start();
        await("Alertmanager ready", () -> status(alertmanagerUrl("/-/ready")) == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (hearth != null) {
                assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
            }
        } finally {
            if (alertmanager != null) {
                alertmanager.destroy();
                if (!alertmanager.waitFor(30, TimeUnit.SECONDS)) {
                    alertmanager.destroyForcibly();
                }
            }
        }
    }

    @Test
    void anAlertOnRemoteWrittenDataFiresReachesAlertmanagerAndResolves() throws Exception {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        createNamespace(ws, """
                groups:
                  - name: heat
                    interval: 1s
                    rules:
                      - alert: TooHot
                        expr: e2e_temperature > 30
                        for: 0s
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.room }} is at {{ $value }} in {{ $externalLabels.cluster }}"
                          runbook: "{{ $labels.runbook }}"
                """);
        write(ws, 35);

        await("Alertmanager receives TooHot", () -> alertmanagerAlert().isPresent());
        Map<String, Object> received = alertmanagerAlert().orElseThrow();
        // the external label is added to what is sent, as Prometheus's notifier adds it
        assertEquals(Map.of("alertname", "TooHot", "cluster", "eu-1", "room", "lab", "severity", "page"),
                received.get("labels"));
        // an annotation that expands to nothing is sent with an empty text, as Prometheus sends it
        assertEquals(Map.of("summary", "lab is at 35 in eu-1", "runbook", ""), received.get("annotations"));
        assertEquals("active", ((Map<?, ?>) received.get("status")).get("state"));
        assertTrue(String.valueOf(received.get("generatorURL")).startsWith(EXTERNAL_URL + "/workspaces/" + ws), received.toString());

        JsonPath alerts = given().get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/alerts").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("firing"), alerts.getList("data.alerts.state"));
        assertEquals(Map.of("alertname", "TooHot", "room", "lab", "severity", "page"), alerts.getMap("data.alerts[0].labels"));
        assertEquals("3.5e+01", alerts.getString("data.alerts[0].value"));
        JsonPath rules = given().queryParam("type", "alert").get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/rules")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("heat", rules.getString("data.groups[0].name"));
        assertEquals("e2e", rules.getString("data.groups[0].file"));
        assertEquals(1.0f, rules.getFloat("data.groups[0].interval"));
        assertEquals("firing", rules.getString("data.groups[0].rules[0].state"));
        assertEquals("ok", rules.getString("data.groups[0].rules[0].health"));
        assertEquals("e2e_temperature > 30", rules.getString("data.groups[0].rules[0].query"));

        write(ws, 20);
        await("Alertmanager sees TooHot resolved", () -> alertmanagerAlert().isEmpty());
        given().get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/alerts").then().statusCode(200)
                .body("data.alerts", org.hamcrest.Matchers.empty());
        assertTrue(metric("hearth_notifications_sent_total\\{[^}]*notifier=\"alertmanager\"[^}]*\\}") >= 2,
                "firing and resolved were sent");
        assertTrue(metric("hearth_rule_evaluations_total\\{[^}]*workspace=\"" + ws + "\"[^}]*\\}") > 0);
    }

    @Test
    void aRecordingRuleResultIsQueryable() throws Exception {
        String ws = RemoteWriteIngestTest.workspace(hearth);
        createNamespace(ws, """
                groups:
                  - name: record
                    interval: 1s
                    rules:
                      - record: room:e2e_temperature:max
                        expr: max by (room) (e2e_temperature)
                        labels:
                          source: rule
                """);
        write(ws, 21.5);
        await("the recorded series is queryable", () -> !query(ws, "room:e2e_temperature:max").isEmpty());
        List<Map<String, Object>> result = query(ws, "room:e2e_temperature:max");
        assertEquals(Map.of("__name__", "room:e2e_temperature:max", "room", "lab", "source", "rule"), result.get(0).get("metric"));
        assertEquals("21.5", ((List<?>) result.get(0).get("value")).get(1));
        given().get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/rules").then().statusCode(200)
                .body("data.groups[0].rules[0].type", org.hamcrest.Matchers.equalTo("recording"))
                .body("data.groups[0].rules[0].health", org.hamcrest.Matchers.equalTo("ok"));
    }

    private static void createNamespace(String ws, String rules) {
        given().body("{\"name\":\"e2e\",\"data\":\"" + Base64.getEncoder().encodeToString(rules.getBytes(StandardCharsets.UTF_8))
                + "\"}").post(hearth.baseUrl() + "/workspaces/" + ws + "/rulegroupsnamespaces").then().statusCode(202);
    }

    private static void write(String ws, double value) {
        given().contentType("application/x-protobuf").header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .body(RemoteWriteBodies.v1(System.currentTimeMillis(), value, new String[] {"__name__", "e2e_temperature", "room", "lab"}))
                .post(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/remote_write").then().statusCode(204);
    }

    private static List<Map<String, Object>> query(String ws, String query) {
        return given().queryParam("query", query).get(hearth.baseUrl() + "/workspaces/" + ws + "/api/v1/query")
                .then().statusCode(200).extract().jsonPath().getList("data.result");
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<Map<String, Object>> alertmanagerAlert() {
        List<Map<String, Object>> alerts = given().get(alertmanagerUrl("/api/v2/alerts")).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return alerts.stream().filter(a -> "TooHot".equals(((Map<String, Object>) a.get("labels")).get("alertname"))).findFirst();
    }

    private static String alertmanagerUrl(String path) {
        return "http://127.0.0.1:" + alertmanagerPort + path;
    }

    private static long metric(String pattern) {
        String text = given().accept("text/plain").get(hearth.baseUrl() + "/metrics").asString();
        Matcher m = Pattern.compile("(?m)^" + pattern + " ([0-9.E+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": not within " + WAIT + "\n--- hearth ---\n" + hearth.log()
                + "\n--- alertmanager ---\n" + Files.readString(temp.resolve("alertmanager.log")));
    }
}
