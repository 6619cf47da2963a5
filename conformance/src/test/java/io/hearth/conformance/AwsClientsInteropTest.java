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
    void boto3AlertManagerDefinitionsAlertmanagerUrlsAndRulesEndpointsFollowTheModel() throws Exception {
        Result result = run(List.of("python3", Path.of("src/test/python/alerting_api.py").toAbsolutePath().toString(),
                hearth.baseUrl()));
        assertEquals(0, result.status(), result.output() + "\n--- server log ---\n" + hearth.log());
        assertTrue(result.output().contains("alerting api passed"), result.output());
    }

    @Test
    void awsCliManagesAnAlertManagerDefinition() throws Exception {
        String ws = createWorkspace("cli-alertmanager");
        Path file = temp.resolve("alertmanager.yml");
        java.nio.file.Files.writeString(file, "alertmanager_config: |\n  route:\n    receiver: default\n"
                + "  receivers:\n    - name: default\n");
        Result created = aws("amp", "create-alert-manager-definition", "--workspace-id", ws, "--data", "fileb://" + file,
                "--query", "status.statusCode", "--output", "text");
        assertEquals(0, created.status(), created.output());
        assertEquals("CREATING", created.output().strip());
        Result described = aws("amp", "describe-alert-manager-definition", "--workspace-id", ws,
                "--query", "alertManagerDefinition.status.statusCode", "--output", "text");
        assertEquals("ACTIVE", described.output().strip(), described.output());
        Path bad = temp.resolve("bad-alertmanager.yml");
        java.nio.file.Files.writeString(bad, "alertmanager_config: |\n  route: {}\n  receivers: []\n");
        Result refused = aws("amp", "put-alert-manager-definition", "--workspace-id", ws, "--data", "fileb://" + bad);
        assertEquals(255, refused.status(), refused.output());
        assertTrue(refused.output().contains("An error occurred (ValidationException) when calling the "
                + "PutAlertManagerDefinition operation: alertmanager_config: root route must specify a default receiver"),
                refused.output());
        assertEquals(0, aws("amp", "delete-alert-manager-definition", "--workspace-id", ws).status());
        Result gone = aws("amp", "describe-alert-manager-definition", "--workspace-id", ws);
        assertTrue(gone.output().contains("(ResourceNotFoundException)"), gone.output());
    }

    @Test
    void awsCliManagesRuleGroupsNamespacesAndRefusesInvalidFiles() throws Exception {
        String ws = createWorkspace("cli-rules");
        Path rules = temp.resolve("rules.yml");
        java.nio.file.Files.writeString(rules, """
                groups:
                  - name: cli
                    interval: 30s
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                      - alert: Down
                        expr: up == 0
                        for: 5m
                        labels: {severity: page}
                """);
        Result created = aws("amp", "create-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules",
                "--data", "fileb://" + rules, "--query", "status.statusCode", "--output", "text");
        assertEquals(0, created.status(), created.output());
        assertTrue(List.of("CREATING", "ACTIVE").contains(created.output().strip()), created.output());
        Result described = aws("amp", "describe-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules",
                "--query", "ruleGroupsNamespace.[name,status.statusCode]", "--output", "text");
        assertEquals("cli-rules\tACTIVE", described.output().strip(), described.output());
        Result listed = aws("amp", "list-rule-groups-namespaces", "--workspace-id", ws,
                "--query", "ruleGroupsNamespaces[].name", "--output", "text");
        assertEquals("cli-rules", listed.output().strip(), listed.output());

        Path duplicate = temp.resolve("duplicate.yml");
        java.nio.file.Files.writeString(duplicate, "groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n");
        Result refused = aws("amp", "put-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules",
                "--data", "fileb://" + duplicate);
        assertEquals(255, refused.status(), refused.output());
        assertTrue(refused.output().contains("(ValidationException)") && refused.output().contains("groupname: \"a\" is repeated"),
                refused.output());
        Path badExpr = temp.resolve("bad-expr.yml");
        java.nio.file.Files.writeString(badExpr, "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: sum(\n");
        Result badQuery = aws("amp", "put-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules",
                "--data", "fileb://" + badExpr);
        assertEquals(255, badQuery.status(), badQuery.output());
        assertTrue(badQuery.output().contains("(ValidationException)") && badQuery.output().contains("\"r\""),
                badQuery.output());

        java.nio.file.Files.writeString(rules, java.nio.file.Files.readString(rules).replace("30s", "1m"));
        assertEquals(0, aws("amp", "put-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules",
                "--data", "fileb://" + rules).status());
        Result updated = aws("amp", "describe-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules",
                "--query", "ruleGroupsNamespace.data", "--output", "text");
        String yaml = new String(java.util.Base64.getDecoder().decode(updated.output().strip()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(yaml.contains("interval: 1m") && yaml.contains("alert: Down"), yaml);

        assertEquals(0, aws("amp", "delete-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules").status());
        Result gone = aws("amp", "describe-rule-groups-namespace", "--workspace-id", ws, "--name", "cli-rules");
        assertTrue(gone.output().contains("(ResourceNotFoundException)"), gone.output());
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

    @Test
    void vmagentSignsItsRemoteWritesAndAWrongSecretIsRefused() throws Exception {
        String ws = createWorkspace("vmagent-target");
        String other = createWorkspace("vmagent-other");
        String hearthBin = HearthProcess.DIST.resolve("bin/hearth").toString();
        List<String> admin = List.of(hearthBin, "admin", "--endpoint-url", hearth.baseUrl());
        assertEquals(0, run(concat(admin, "create-user", "writer")).status());
        Result key = run(concat(admin, "create-access-key", "writer"));
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"accessKeyId\":\"([^\"]+)\"").matcher(key.output());
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\"secretAccessKey\":\"([^\"]+)\"").matcher(key.output());
        assertTrue(id.find() && secret.find(), key.output());
        Path policy = temp.resolve("writer-policy.json");
        java.nio.file.Files.writeString(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"aps:RemoteWrite\",\"Resource\":\"arn:aws:aps:us-east-1:000000000000:workspace/" + ws + "\"}]}");
        assertEquals(0, run(concat(admin, "put-user-policy", "writer", "write-one", policy.toString())).status());

        Path scrape = temp.resolve("vmagent-scrape.yml");
        java.nio.file.Files.writeString(scrape, """
                scrape_configs:
                  - job_name: hearth
                    scrape_interval: 1s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(hearth.port()));
        Process good = vmagent("good", scrape, ws, id.group(1), secret.group(1));
        Process wrong = vmagent("wrong", scrape, other, id.group(1), "not-the-secret");
        Process denied = vmagent("denied", scrape, other, id.group(1), secret.group(1));
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws) == 0
                    || !log("wrong").contains("403") || !log("denied").contains("403"))) {
                Thread.sleep(250);
            }
            assertTrue(RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", ws) > 0,
                    "vmagent's signed writes were stored\n" + log("good"));
            assertTrue(log("wrong").contains("403"), "vmagent logs the refusal of a wrong secret\n" + log("wrong"));
            assertTrue(log("denied").contains("403"), "a user may write only where its policy allows\n" + log("denied"));
            assertEquals(0, RemoteWriteIngestTest.metric(hearth, "hearth_workspace_series", other));
            assertTrue(!hearth.log().contains(secret.group(1)), "the secret never reaches the log");
        } finally {
            for (Process p : List.of(good, wrong, denied)) {
                p.destroy();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private static String createWorkspace(String alias) throws Exception {
        Result created = aws("amp", "create-workspace", "--alias", alias, "--query", "workspaceId", "--output", "text");
        assertEquals(0, created.status(), created.output());
        String id = created.output().strip();
        assertEquals(0, aws("amp", "wait", "workspace-active", "--workspace-id", id).status());
        return id;
    }

    private static Process vmagent(String name, Path scrape, String workspace, String keyId, String secret) throws IOException {
        Path dir = temp.resolve("vmagent-" + name);
        java.nio.file.Files.createDirectories(dir);
        return new ProcessBuilder("vmagent", "-promscrape.config=" + scrape,
                "-remoteWrite.url=" + hearth.baseUrl() + "/workspaces/" + workspace + "/api/v1/remote_write",
                "-remoteWrite.aws.useSigv4=true", "-remoteWrite.aws.region=us-east-1", "-remoteWrite.aws.service=aps",
                "-remoteWrite.aws.accessKey=" + keyId, "-remoteWrite.aws.secretKey=" + secret,
                "-remoteWrite.tmpDataPath=" + dir.resolve("queue"), "-httpListenAddr=127.0.0.1:" + HearthProcess.freePort(),
                "-remoteWrite.flushInterval=1s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    }

    private static String log(String name) {
        try {
            return java.nio.file.Files.readString(temp.resolve("vmagent-" + name).resolve("log"));
        } catch (IOException e) {
            return e.toString();
        }
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
        env.put("PYTHONDONTWRITEBYTECODE", "1"); // the scripts import amp_script; no __pycache__ in the source tree
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
