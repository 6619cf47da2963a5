package io.hearth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write endpoints, which a plain web-server route serves rather than JAX-RS, keep every
 * guard the JAX-RS resources have: authentication, authorization ({@code aps:RemoteWrite} on the
 * workspace), AMP's and Prometheus's error shapes, the body size limit, and the request metrics
 * and refusal counters. The requests are signed by botocore ({@code src/test/python/write_endpoints.py}).
 */
class WriteEndpointsTest {

    @TempDir
    Path temp;

    @Test
    void writesAreAuthenticatedAuthorizedRefusedAndCountedAsEveryOtherEndpoint() throws Exception {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"),
                HearthProcess.options().arg("--hearth.max-request-bytes=4096"))) {
            ProcessBuilder builder = new ProcessBuilder("python3",
                    Path.of("src/test/python/write_endpoints.py").toAbsolutePath().toString(), hearth.baseUrl(),
                    HearthProcess.ROOT_KEY_ID, HearthProcess.ROOT_SECRET).redirectErrorStream(true);
            builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process script = builder.start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!script.waitFor(120, TimeUnit.SECONDS)) {
                script.destroyForcibly();
            }
            assertEquals(0, script.exitValue(), output + "\n--- server log ---\n" + hearth.log());
            assertTrue(output.contains("write endpoints passed"), output);
            assertTrue(!hearth.log().contains(HearthProcess.ROOT_SECRET), "no secret reaches the log");
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
        }
    }
}
