package io.hearth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the boto3/botocore scripts of {@code src/test/python} against a server with its root
 * key pair, with no AWS configuration of the machine's, and checks that it passed and that the
 * secret stayed out of the server's log.
 */
final class BotocoreScript {

    private BotocoreScript() {
    }

    /**
     * @param hearth the server, started with access control on
     * @param script the file name under {@code src/test/python}
     * @param passed the line the script prints when every step passed
     */
    static void passes(HearthProcess hearth, String script, String passed) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("python3", Path.of("src/test/python", script).toAbsolutePath().toString(),
                hearth.baseUrl(), HearthProcess.ROOT_KEY_ID, HearthProcess.ROOT_SECRET).redirectErrorStream(true);
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), output + "\n--- server log ---\n" + hearth.log());
        assertTrue(output.contains(passed), output);
        assertTrue(!hearth.log().contains(HearthProcess.ROOT_SECRET), "no secret reaches the log");
    }
}
