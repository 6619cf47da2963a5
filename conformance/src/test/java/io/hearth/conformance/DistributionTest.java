package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive as a user gets it: unzip, {@code bin/hearth}, ready within ten seconds, SIGTERM
 * stops it cleanly, and what was acknowledged is there after a restart, even after {@code kill -9}.
 */
class DistributionTest {

    @TempDir
    Path temp;

    @Test
    void archiveHasTheDocumentedLayout() {
        for (String entry : List.of("bin/hearth", "bin/find-java", "conf/hearth.properties", "conf/logging.properties",
                "lib", "plugins", "README.md")) {
            assertTrue(Files.exists(HearthProcess.DIST.resolve(entry)), "missing " + entry);
        }
        assertTrue(Files.isExecutable(HearthProcess.DIST.resolve("bin/hearth")));
        assertTrue(HearthProcess.DIST.getFileName().toString().startsWith("hearth-"));
    }

    @Test
    void startsReadyInTenSecondsStopsOnSigtermAndRemembersWorkspaces() {
        Path data = temp.resolve("data");
        String id;
        try (HearthProcess hearth = HearthProcess.launch(data, HearthProcess.options().authDisabled())) {
            hearth.awaitReady(Duration.ofSeconds(60));
            id = given().body("{\"alias\":\"kept\"}").post(hearth.baseUrl() + "/workspaces")
                    .then().statusCode(202).extract().path("workspaceId");
            awaitActive(hearth, id);
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
            assertTrue(hearth.log().contains("Hearth stopped"), hearth.log());
        }
        // The restart is timed: a clean stop has left the class-data archive a user's restarts also use.
        try (HearthProcess again = HearthProcess.launch(data, HearthProcess.options().authDisabled())) {
            Duration ready = again.awaitReady(Duration.ofSeconds(60));
            assertTrue(ready.compareTo(Duration.ofSeconds(10)) < 0, "ready after " + ready);
            assertTrue(again.log().contains("as listed (no class-path scan)"), "JNoSQL scanned the class path:\n" + again.log());
            given().get(again.baseUrl() + "/workspaces").then().statusCode(200)
                    .body("workspaces.workspaceId", hasItems(id))
                    .body("workspaces.find { it.workspaceId == '" + id + "' }.alias", equalTo("kept"));
            assertEquals(0, again.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    void acknowledgedChangesSurviveKillNine() {
        Path data = temp.resolve("data");
        List<String> ids = new ArrayList<>();
        String deleted;
        try (HearthProcess hearth = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            for (int i = 0; i < 5; i++) {
                ids.add(given().body("{\"alias\":\"crash-" + i + "\"}").post(hearth.baseUrl() + "/workspaces")
                        .then().statusCode(202).extract().path("workspaceId"));
            }
            deleted = ids.remove(0);
            given().delete(hearth.baseUrl() + "/workspaces/" + deleted).then().statusCode(202);
            given().contentType("application/json").body("{\"alias\":\"renamed\"}")
                    .post(hearth.baseUrl() + "/workspaces/" + ids.get(0) + "/alias").then().statusCode(204);
            hearth.kill();
        }
        try (HearthProcess again = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            for (String id : ids) {
                awaitActive(again, id);
            }
            given().get(again.baseUrl() + "/workspaces/" + ids.get(0)).then().body("workspace.alias", equalTo("renamed"));
            awaitGone(again, deleted);
            assertTrue(!Files.exists(data.resolve("workspaces").resolve(deleted)), "the deleted workspace's data is gone");
        }
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheConfigurationFile() throws Exception {
        int filePort = HearthProcess.freePort();
        int envPort = HearthProcess.freePort();
        Path conf = temp.resolve("hearth.properties");
        Files.writeString(conf, "hearth.port=" + filePort + "\nhearth.region=eu-west-1\nhearth.account-id=123456789012\n");

        HearthProcess.Options fromEnvironment = HearthProcess.options().authDisabled().portFromElsewhere(envPort)
                .env("HEARTH_CONFIG", conf.toString()).env("HEARTH_PORT", Integer.toString(envPort))
                .env("HEARTH_ACCOUNT_ID", "210987654321");
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data1"), fromEnvironment)) {
            given().body("{}").post(hearth.baseUrl() + "/workspaces").then().statusCode(202)
                    .body("arn", startsWith("arn:aws:aps:eu-west-1:210987654321:workspace/ws-"));
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
        }

        int flagPort = HearthProcess.freePort();
        HearthProcess.Options fromFlag = HearthProcess.options().authDisabled().port(flagPort)
                .env("HEARTH_CONFIG", conf.toString()).env("HEARTH_PORT", Integer.toString(envPort))
                .arg("--hearth.region=ap-south-1");
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data2"), fromFlag)) {
            given().body("{}").post(hearth.baseUrl() + "/workspaces").then().statusCode(202)
                    .body("arn", startsWith("arn:aws:aps:ap-south-1:123456789012:workspace/ws-"));
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    void accessControlIsOnByDefault() {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options())) {
            given().get(hearth.baseUrl() + "/workspaces").then().statusCode(403)
                    .header("x-amzn-ErrorType", "MissingAuthenticationTokenException");
            given().body("{}").post(hearth.baseUrl() + "/workspaces").then().statusCode(403);
            given().get(hearth.baseUrl() + "/admin/v1/users").then().statusCode(403);
            given().get(hearth.baseUrl() + "/-/healthy").then().statusCode(200);
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
            assertTrue(!hearth.log().contains(HearthProcess.ROOT_SECRET), "the root secret is never logged");
        }
    }

    @Test
    void disablingAccessControlWarnsAtEveryStart() {
        for (int start = 1; start <= 2; start++) { // the second over the first's data directory
            try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().authDisabled())) {
                assertTrue(hearth.log().contains("AUTHENTICATION IS DISABLED"), "start " + start + ":\n" + hearth.log());
                assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
            }
        }
    }

    @Test
    void aGeneratedRootKeyIsPrintedOnceAndShownAgainOnlyWithTheMasterKey() throws Exception {
        Path data = temp.resolve("data");
        HearthProcess.Options generated = HearthProcess.options().env("HEARTH_ROOT_ACCESS_KEY_ID", "")
                .env("HEARTH_ROOT_SECRET_ACCESS_KEY", "");
        String printed;
        try (HearthProcess hearth = HearthProcess.start(data, generated)) {
            printed = hearth.log();
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
        }
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("aws_secret_access_key = (\\S+)").matcher(printed);
        assertTrue(secret.find(), printed);
        Path file = data.resolve("root-credentials");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(!Files.readString(file).contains(secret.group(1)), "the saved file does not hold the secret in clear");
        try (var files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret.group(1)),
                        "the data directory holds the root secret in clear in " + f);
            }
        }
        try (HearthProcess again = HearthProcess.start(data, generated)) {
            assertTrue(!again.log().contains(secret.group(1)), "printed only once");
            assertEquals(0, again.terminate(Duration.ofSeconds(30)));
        }
        Process show = new ProcessBuilder(HearthProcess.DIST.resolve("bin/hearth").toString(), "root-credentials",
                "--data-dir", data.toString(), "--hearth.auth.master-key-file=" + data.resolveSibling("data-master.key"))
                .redirectErrorStream(true).start();
        String shown = new String(show.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, show.waitFor());
        assertTrue(shown.contains("aws_secret_access_key = " + secret.group(1)), shown);
    }

    @Test
    void aTakenPortStopsTheServerWithAnErrorAndLeavesItsDataForTheNextStart() throws Exception {
        Path data = temp.resolve("data");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                HearthProcess hearth = HearthProcess.launch(data,
                        HearthProcess.options().authDisabled().port(taken.getLocalPort()))) {
            assertEquals(1, hearth.awaitExit(Duration.ofSeconds(60)), hearth.log());
            assertTrue(hearth.log().contains("Hearth could not start: the HTTP server could not listen on 127.0.0.1:"
                    + taken.getLocalPort() + " "), hearth.log());
        }
        try (HearthProcess again = HearthProcess.start(data, HearthProcess.options().authDisabled())) {
            given().get(again.baseUrl() + "/workspaces").then().statusCode(200);
            assertEquals(0, again.terminate(Duration.ofSeconds(30)), again.log());
        }
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        try (HearthProcess hearth = HearthProcess.launch(temp.resolve("data"), HearthProcess.options().authDisabled().arg("--no-such-flag"))) {
            assertEquals(2, hearth.awaitExit(Duration.ofSeconds(60)));
            assertTrue(hearth.log().contains("unknown flag '--no-such-flag'"), hearth.log());
        }
    }

    static void awaitActive(HearthProcess hearth, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            status = given().get(hearth.baseUrl() + "/workspaces/" + id).then().statusCode(200)
                    .extract().path("workspace.status.statusCode");
            if ("ACTIVE".equals(status)) {
                return;
            }
            sleep();
        }
        throw new AssertionError("workspace " + id + " stayed " + status);
    }

    static void awaitGone(HearthProcess hearth, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get(hearth.baseUrl() + "/workspaces/" + id).statusCode() == 404) {
                return;
            }
            sleep();
        }
        throw new AssertionError("workspace " + id + " was not deleted");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
