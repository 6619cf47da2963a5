package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unmodified {@code aws amp} CLI and boto3, signing with the root keys, against the running distribution. */
class AwsClientsInteropTest {

    @TempDir
    static Path temp;

    private static HearthProcess hearth;

    @BeforeAll
    static void start() {
        hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options());
    }

    @AfterAll
    static void stop() {
        assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
    }

    @Test
    void boto3WorkflowFollowsTheModel() throws Exception {
        Result result = run(List.of("python3", Path.of("src/test/python/amp_workflow.py").toAbsolutePath().toString(),
                hearth.baseUrl()));
        assertEquals(0, result.status(), result.output() + "\n--- server log ---\n" + hearth.log());
        assertTrue(result.output().contains("boto3 workflow passed"), result.output());
    }

    @Test
    void awsCliCreatesDescribesAndReportsErrorsAsAwsDoes() throws Exception {
        Result created = aws("amp", "create-workspace", "--alias", "cli", "--tags", "team=cli",
                "--query", "workspaceId", "--output", "text");
        assertEquals(0, created.status(), created.output());
        String id = created.output().strip();
        assertTrue(id.matches("ws-[0-9a-f-]{36}"), id);

        Result waited = aws("amp", "wait", "workspace-active", "--workspace-id", id);
        assertEquals(0, waited.status(), waited.output());

        Result described = aws("amp", "describe-workspace", "--workspace-id", id,
                "--query", "workspace.[alias,status.statusCode,tags.team]", "--output", "text");
        assertEquals("cli\tACTIVE\tcli", described.output().strip());

        Result listed = aws("amp", "list-workspaces", "--alias", "cli", "--query", "workspaces[].workspaceId", "--output", "text");
        assertTrue(listed.output().contains(id), listed.output());

        Result deleted = aws("amp", "delete-workspace", "--workspace-id", id);
        assertEquals(0, deleted.status(), deleted.output());
        Result gone = aws("amp", "wait", "workspace-deleted", "--workspace-id", id);
        assertEquals(0, gone.status(), gone.output());

        Result missing = aws("amp", "describe-workspace", "--workspace-id", id);
        assertEquals(255, missing.status(), "the aws CLI (v1) exits 255 on a service error: " + missing.output());
        assertTrue(missing.output().contains(
                "An error occurred (ResourceNotFoundException) when calling the DescribeWorkspace operation: Workspace "
                        + id + " does not exist"), missing.output());

        Result badJson = aws("amp", "update-workspace-configuration", "--workspace-id", id, "--retention-period-in-days", "0");
        assertTrue(badJson.output().contains("retentionPeriodInDays") || badJson.output().contains("ValidationException"),
                badJson.output());
    }

    private static Result aws(String... args) throws Exception {
        return run(awsCommand(args));
    }

    @Test
    void usersPoliciesAndResourcePoliciesDecideWhoMayDoWhat() throws Exception {
        Result result = run(List.of("python3", Path.of("src/test/python/access_control.py").toAbsolutePath().toString(),
                hearth.baseUrl(), HearthProcess.ROOT_KEY_ID, HearthProcess.ROOT_SECRET));
        assertEquals(0, result.status(), result.output() + "\n--- server log ---\n" + hearth.log());
        assertTrue(result.output().contains("access control passed"), result.output());
        assertTrue(!hearth.log().contains(HearthProcess.ROOT_SECRET), "no secret reaches the log");
        given().accept("text/plain").get(hearth.baseUrl() + "/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("hearth_authorization_denied_total{action=\"aps:DescribeWorkspace\""))
                .body(org.hamcrest.Matchers.containsString("hearth_authentication_failed_total{code=\"UnrecognizedClientException\""));
    }

    @Test
    void binHearthAdminManagesUsersKeysAndPolicies() throws Exception {
        String hearthBin = HearthProcess.DIST.resolve("bin/hearth").toString();
        List<String> admin = List.of(hearthBin, "admin", "--endpoint-url", hearth.baseUrl());
        assertEquals(0, run(concat(admin, "create-user", "carol")).status());
        Result key = run(concat(admin, "create-access-key", "carol"));
        assertEquals(0, key.status(), key.output());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"accessKeyId\":\"([^\"]+)\"").matcher(key.output());
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\"secretAccessKey\":\"([^\"]+)\"").matcher(key.output());
        assertTrue(id.find() && secret.find(), key.output());

        Path policy = temp.resolve("carol-policy.json");
        java.nio.file.Files.writeString(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"aps:ListWorkspaces\",\"Resource\":\"*\"}]}");
        assertEquals(0, run(concat(admin, "put-user-policy", "carol", "list-only", policy.toString())).status());
        Result user = run(concat(admin, "get-user", "carol"));
        assertTrue(user.output().contains("list-only") && user.output().contains(id.group(1)), user.output());

        Map<String, String> asCarol = Map.of("AWS_ACCESS_KEY_ID", id.group(1), "AWS_SECRET_ACCESS_KEY", secret.group(1));
        assertEquals(0, run(awsCommand("amp", "list-workspaces"), asCarol).status());
        Result denied = run(awsCommand("amp", "create-workspace"), asCarol);
        assertTrue(denied.output().contains("An error occurred (AccessDeniedException) when calling the CreateWorkspace operation"),
                denied.output());

        Result refused = run(concat(admin, "create-user", "dave"), asCarol);
        assertEquals(1, refused.status(), refused.output());
        assertTrue(refused.output().contains("AccessDeniedException"), refused.output());

        assertEquals(0, run(concat(admin, "delete-access-key", "carol", id.group(1))).status());
        Result revoked = run(awsCommand("amp", "list-workspaces"), asCarol);
        assertTrue(revoked.output().contains("UnrecognizedClientException"), revoked.output());
        assertEquals(0, run(concat(admin, "delete-user", "carol")).status());
        assertEquals(2, run(concat(admin, "no-such-command")).status());
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static List<String> awsCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", hearth.baseUrl(), "--region", "us-east-1"));
        return command;
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    private static Result run(List<String> command, Map<String, String> overrides) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", HearthProcess.ROOT_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", HearthProcess.ROOT_SECRET);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.putAll(overrides);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int status, String output) {
    }
}
