package io.hearth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test harness's own promises: a server that is not ready in time is reported with what its
 * threads were doing, and a picked port lost to another process before the server binds it
 * costs a retry, not a failure.
 */
class HearthProcessTest {

    @TempDir
    Path temp;

    @Test
    void aServerNotReadyInTimeIsReportedWithItsThreadsAndLog() {
        try (HearthProcess hearth = HearthProcess.launch(temp.resolve("data"), HearthProcess.options().authDisabled())) {
            awaitLogLine(hearth, "plugins: scanning"); // the JVM runs Hearth's code, so it can be attached to
            AssertionError failure = assertThrows(AssertionError.class, () -> hearth.awaitReady(Duration.ZERO));
            String message = failure.getMessage();
            assertTrue(message.startsWith("hearth was not ready within PT0S:"), message);
            assertTrue(message.contains("plugins: scanning"), "the log is there: " + message);
            assertTrue(message.contains("--- threads of pid " + hearth.process().pid()), message);
            assertTrue(message.contains("\"main\"") && message.contains("java.lang.Thread.State"),
                    "the main thread's stack is there: " + message);
        }
    }

    @Test
    void aStartWhosePickedPortIsTakenMeanwhileMovesToAnotherPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                HearthProcess hearth = HearthProcess.start(temp.resolve("data"),
                        HearthProcess.options().authDisabled().firstPort(taken.getLocalPort()))) {
            assertNotEquals(taken.getLocalPort(), hearth.port());
            assertTrue(hearth.log().contains("could not listen on 127.0.0.1:" + taken.getLocalPort() + " "),
                    "the first attempt's output is kept: " + hearth.log());
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)), hearth.log());
        }
    }

    @Test
    void aLongLogIsCutToItsHeadAndTail() {
        String log = IntStream.rangeClosed(1, 10).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        assertEquals(log, LogExcerpt.headAndTail(log, 5));
        assertEquals("line 1\nline 2\n[... 6 lines left out ...]\nline 9\nline 10", LogExcerpt.headAndTail(log, 2));
    }

    private static void awaitLogLine(HearthProcess hearth, String line) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!hearth.log().contains(line)) {
            assertTrue(System.nanoTime() < deadline && hearth.process().isAlive(), "no '" + line + "' in:\n" + hearth.log());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
