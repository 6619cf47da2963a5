package io.hearth.plugins.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promtool rule unit-test files under {@code src/test/resources/promtool/} pass both with
 * Hearth's evaluator ({@link PromtoolTestRunner}) and with {@code promtool test rules} itself
 * (Debian's Prometheus 2.42), so the two agree on what the rules produce; a file of wrong
 * expectations fails under both.
 */
class PromtoolCompatibilityTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path work;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PromtoolCompatibilityTest.class.getResource("/promtool/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"recording.test.yml", "alerting.test.yml", "templates.test.yml"})
    void hearthsEvaluatorPassesTheTests(String file) throws Exception {
        List<String> failures = new PromtoolTestRunner(work).run(resource(file));
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    @ParameterizedTest
    @ValueSource(strings = {"recording.test.yml", "alerting.test.yml", "templates.test.yml"})
    void promtoolPassesTheSameTests(String file) throws Exception {
        Result r = promtool(resource(file));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void wrongExpectationsFailUnderBoth() throws Exception {
        Path file = resource("failing/wrong-expectations.test.yml");
        List<String> failures = new PromtoolTestRunner(work).run(file);
        assertEquals(2, failures.size(), String.join("\n", failures));
        assertTrue(failures.get(0).startsWith("alertname: HighErrorRate, time: 4m"), failures.get(0));
        assertTrue(failures.get(1).startsWith("expr: job:http_requests:rate5m, time: 10m"), failures.get(1));
        Result r = promtool(file);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("alertname: HighErrorRate, time: 4m"), r.output());
        assertTrue(r.output().contains("expr: \"job:http_requests:rate5m\", time: 10m"), r.output());
    }

    @Test
    void theExpandingNotationGivesOneValuePerStep() {
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0), PromtoolSeriesValues.expand("0+10x3"));
        assertEquals(List.of(5.0, 3.0, 1.0), PromtoolSeriesValues.expand("5-2x2"));
        assertEquals(List.of(7.0, 7.0, 7.0), PromtoolSeriesValues.expand("7x2"));
        List<Double> gaps = PromtoolSeriesValues.expand("1 _ _x2 stale 2");
        assertEquals(6, gaps.size());
        assertEquals(null, gaps.get(1));
        assertEquals(null, gaps.get(3));
        assertTrue(io.hearth.spi.storage.StaleMarker.isStale(gaps.get(4)));
        assertEquals(2.0, gaps.get(5));
    }

    private record Result(int exitCode, String output) {
    }

    private Result promtool(Path testFile) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PROMTOOL), "promtool is missing: apt-get install -y prometheus");
        Path log = work.resolve("promtool-" + testFile.getFileName() + ".log");
        Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", testFile.getFileName().toString())
                .directory(testFile.getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
