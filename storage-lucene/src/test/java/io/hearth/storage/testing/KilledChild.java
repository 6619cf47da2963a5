package io.hearth.storage.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One round of a crash test: a child JVM that appends batches and prints {@code start <first
 * batch>}, then {@code ack <batch>} after each durable commit, is killed with SIGKILL after a number
 * of acknowledgements. What the caller then checks is that every acknowledged batch survived.
 */
public final class KilledChild {

    private KilledChild() {
    }

    /**
     * Runs {@code main} of {@code childClass} with this JVM's class path and {@code args}, kills it
     * after {@code killAfterAcks} acknowledgements, and returns the last batch it acknowledged
     * (acks printed before the kill landed included).
     *
     * @param lastAcked the last batch acknowledged in earlier rounds: the child must resume after it
     */
    public static long runAndKill(Class<?> childClass, Path dir, long lastAcked, long killAfterAcks)
            throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                childClass.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("start "), "child did not start: " + line);
            assertEquals(lastAcked + 1, Long.parseLong(line.substring(6)), "child resumed at the wrong batch");
            long acks = 0;
            while ((line = out.readLine()) != null) {
                lastAcked = Long.parseLong(line.substring(4));
                if (++acks >= killAfterAcks) {
                    break;
                }
            }
            child.toHandle().destroyForcibly(); // SIGKILL, leaving our end of the pipe open
            while ((line = out.readLine()) != null) { // acks printed before the kill landed
                lastAcked = Long.parseLong(line.substring(4));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return lastAcked;
    }
}
