package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AMP workspace API at the HTTP level: the model's paths, status codes, members and error
 * shapes (x-amzn-ErrorType header plus JSON body), and a server that keeps serving after bad input.
 * Access control is switched off here; {@link AwsClientsInteropTest} covers it with signing clients.
 */
class AmpControlPlaneContractTest {

    private static final String MISSING = "ws-00000000-0000-0000-0000-000000000000";

    @TempDir
    static Path temp;

    private static HearthProcess hearth;
    private static String base;

    @BeforeAll
    static void start() {
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled());
        base = hearth.baseUrl();
    }

    @AfterAll
    static void stop() {
        assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
    }

    @Test
    void createReturns202WithIdArnStatusAndTags() {
        given().contentType(ContentType.JSON).body("{\"alias\":\"  spaced  \",\"tags\":{\"k\":\"v\"}}")
                .post(base + "/workspaces")
                .then().statusCode(202)
                .body("workspaceId", matchesPattern("ws-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .body("arn", matchesPattern("arn:aws:aps:us-east-1:000000000000:workspace/ws-.*"))
                .body("status.statusCode", equalTo("CREATING"))
                .body("tags.k", equalTo("v"));
    }

    @Test
    void describeGivesTheWholeDescription() {
        String id = create("{\"alias\":\"described\"}");
        DistributionTest.awaitActive(hearth, id);
        given().get(base + "/workspaces/" + id).then().statusCode(200)
                .body("workspace.workspaceId", equalTo(id))
                .body("workspace.alias", equalTo("described"))
                .body("workspace.status.statusCode", equalTo("ACTIVE"))
                .body("workspace.prometheusEndpoint", equalTo(base + "/workspaces/" + id + "/"))
                .body("workspace.createdAt", notNullValue())
                .body("workspace.tags.size()", equalTo(0));
    }

    @Test
    void unknownWorkspaceIsResourceNotFound() {
        given().get(base + "/workspaces/" + MISSING).then().statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Workspace " + MISSING + " does not exist"))
                .body("resourceId", equalTo(MISSING))
                .body("resourceType", equalTo("Workspace"));
        given().delete(base + "/workspaces/" + MISSING).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"retentionPeriodInDays\":3}")
                .patch(base + "/workspaces/" + MISSING + "/configuration").then().statusCode(404);
    }

    @Test
    void malformedJsonIsValidationExceptionCannotParse() {
        given().contentType(ContentType.JSON).body("{\"alias\": ").post(base + "/workspaces").then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException")
                .body("reason", equalTo("CANNOT_PARSE"))
                .body("message", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("[1,2]").post(base + "/workspaces").then().statusCode(400)
                .body("reason", equalTo("CANNOT_PARSE"));
        given().contentType(ContentType.JSON).body("{\"alias\": 7}").post(base + "/workspaces").then().statusCode(400)
                .body("fieldList[0].name", equalTo("alias"));
        given().get(base + "/-/healthy").then().statusCode(200);
    }

    @Test
    void fieldsOutsideTheModelAreValidationExceptions() {
        given().contentType(ContentType.JSON).body("{\"alias\":\"" + "a".repeat(101) + "\"}")
                .post(base + "/workspaces").then().statusCode(400)
                .body("reason", equalTo("FIELD_VALIDATION_FAILED"))
                .body("fieldList[0].name", equalTo("alias"));
        given().contentType(ContentType.JSON).body("{\"tags\":{\"aws:x\":\"y\"}}")
                .post(base + "/workspaces").then().statusCode(400).body("fieldList[0].name", equalTo("tags"));
        given().contentType(ContentType.JSON).body("{\"clientToken\":\"" + "t".repeat(65) + "\"}")
                .post(base + "/workspaces").then().statusCode(400).body("fieldList[0].name", equalTo("clientToken"));
        String id = create("{}");
        given().contentType(ContentType.JSON).body("{\"retentionPeriodInDays\":0}")
                .patch(base + "/workspaces/" + id + "/configuration").then().statusCode(400)
                .body("fieldList[0].name", equalTo("retentionPeriodInDays"));
        given().contentType(ContentType.JSON).body("{}")
                .patch(base + "/workspaces/" + id + "/configuration").then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException");
        given().contentType(ContentType.JSON)
                .body("{\"limitsPerLabelSet\":[{\"labelSet\":{\"0bad\":\"x\"},\"limits\":{\"maxSeries\":1}}]}")
                .patch(base + "/workspaces/" + id + "/configuration").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"limitsPerLabelSet\":[{\"labelSet\":{\"a\":\"x\"},\"limits\":{\"maxSeries\":-1}}]}")
                .patch(base + "/workspaces/" + id + "/configuration").then().statusCode(400);
        given().queryParam("maxResults", "0").get(base + "/workspaces").then().statusCode(400);
        given().queryParam("maxResults", "many").get(base + "/workspaces").then().statusCode(400);
        given().queryParam("nextToken", "not-a-token!").get(base + "/workspaces").then().statusCode(400)
                .body("fieldList[0].name", equalTo("nextToken"));
    }

    @Test
    void configurationDefaultsTo45DaysAndUpdatesApply() {
        String id = create("{}");
        given().get(base + "/workspaces/" + id + "/configuration").then().statusCode(200)
                .body("workspaceConfiguration.retentionPeriodInDays", equalTo(45))
                .body("workspaceConfiguration.limitsPerLabelSet", hasSize(0))
                .body("workspaceConfiguration.status.statusCode", equalTo("ACTIVE"));
        given().contentType(ContentType.JSON).body("{\"retentionPeriodInDays\":7}")
                .patch(base + "/workspaces/" + id + "/configuration").then().statusCode(202)
                .body("status.statusCode", notNullValue());
        given().get(base + "/workspaces/" + id + "/configuration").then()
                .body("workspaceConfiguration.retentionPeriodInDays", equalTo(7));
    }

    @Test
    void aliasUpdateIs204AndAnAbsentAliasRemovesIt() {
        String id = create("{\"alias\":\"before\"}");
        given().contentType(ContentType.JSON).body("{\"alias\":\"after\"}")
                .post(base + "/workspaces/" + id + "/alias").then().statusCode(204);
        given().get(base + "/workspaces/" + id).then().body("workspace.alias", equalTo("after"));
        given().contentType(ContentType.JSON).body("{}").post(base + "/workspaces/" + id + "/alias").then().statusCode(204);
        given().get(base + "/workspaces/" + id).then().body("workspace.alias", nullValue());
    }

    @Test
    void tagsAreAddressedByUrlEncodedArn() {
        String id = create("{\"tags\":{\"a\":\"1\"}}");
        String arn = "arn:aws:aps:us-east-1:000000000000:workspace/" + id;
        String encoded = java.net.URLEncoder.encode(arn, java.nio.charset.StandardCharsets.UTF_8);
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"tags\":{\"b\":\"2\"}}")
                .post(base + "/tags/" + encoded).then().statusCode(200);
        given().urlEncodingEnabled(false).delete(base + "/tags/" + encoded + "?tagKeys=a").then().statusCode(200);
        given().urlEncodingEnabled(false).get(base + "/tags/" + encoded).then().statusCode(200)
                .body("tags.b", equalTo("2")).body("tags.a", nullValue());
        given().urlEncodingEnabled(false).get(base + "/tags/" + encoded.replace("us-east-1", "eu-west-1"))
                .then().statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void deleteIsAcceptedThenTheWorkspaceIsGone() {
        String id = create("{}");
        given().delete(base + "/workspaces/" + id).then().statusCode(202);
        DistributionTest.awaitGone(hearth, id);
    }

    @Test
    void aWorkspaceBeingDeletedRefusesWritesAtOnce() {
        String id = create("{}");
        DistributionTest.awaitActive(hearth, id);
        byte[] body = RemoteWriteBodies.v1(System.currentTimeMillis(), 1, new String[] {"__name__", "up", "job", "a"});
        writeTo(id, body).then().statusCode(204); // the registry now holds the workspace in memory
        given().delete(base + "/workspaces/" + id).then().statusCode(202);
        writeTo(id, body).then().statusCode(404).header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));
    }

    private static io.restassured.response.Response writeTo(String id, byte[] body) {
        return given().contentType("application/x-protobuf").header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0").body(body)
                .post(base + "/workspaces/" + id + "/api/v1/remote_write");
    }

    @Test
    void healthReadinessAndMetricsAreServed() {
        given().get(base + "/-/healthy").then().statusCode(200).body(containsString("Healthy"));
        given().get(base + "/-/ready").then().statusCode(200).body(containsString("Ready"));
        given().get(base + "/workspaces").then().statusCode(200);
        given().get(base + "/workspaces/" + MISSING).then().statusCode(404);
        given().accept("text/plain").get(base + "/metrics").then().statusCode(200)
                .body(containsString("hearth_http_requests_seconds_count{code=\"200\",method=\"GET\",mp_scope=\"application\",route=\"/workspaces\""))
                .body(containsString("code=\"404\",method=\"GET\",mp_scope=\"application\",route=\"/workspaces/{workspaceId}\""))
                .body(containsString("memory_usedHeap_bytes"))
                .body(containsString("gc_total"));
    }

    private static String create(String body) {
        return given().contentType(ContentType.JSON).body(body).post(base + "/workspaces")
                .then().statusCode(202).extract().path("workspaceId");
    }
}
