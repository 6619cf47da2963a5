package io.hearth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
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
            BotocoreScript.passes(hearth, "write_endpoints.py", "write endpoints passed");
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
        }
    }
}
