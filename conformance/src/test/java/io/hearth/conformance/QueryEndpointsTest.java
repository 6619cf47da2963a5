package io.hearth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query endpoints, which a plain web-server route serves rather than JAX-RS, keep every guard
 * the JAX-RS resources have: SigV4 authentication, authorization ({@code aps:QueryMetrics} on the
 * workspace), AMP's and Prometheus's error shapes, and the request metrics and refusal counters.
 * The requests are signed by botocore ({@code src/test/python/query_endpoints.py}).
 */
class QueryEndpointsTest {

    @TempDir
    Path temp;

    @Test
    void queriesAreAuthenticatedAuthorizedRefusedAndCountedAsEveryOtherEndpoint() throws Exception {
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options())) {
            BotocoreScript.passes(hearth, "query_endpoints.py", "query endpoints passed");
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
        }
    }
}
