package io.hearth.plugins.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleEvaluatorFactory;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.storage.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as the server finds it: by name, through ServiceLoader, running on real threads and the system clock. */
class PrometheusRulesPluginTest {

    @TempDir
    Path dir;

    private static RuleEvaluatorFactory factory() {
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class)) {
            for (RuleEvaluatorFactory f : plugin.ruleEvaluatorFactories()) {
                if (f.name().equals("prometheus")) {
                    return f;
                }
            }
        }
        throw new AssertionError("no rule evaluator named prometheus");
    }

    private PluginContext context(Map<String, String> properties) {
        return new PluginContext(dir, "us-east-1", "000000000000", properties, IdentityDirectory.EMPTY);
    }

    @Test
    void evaluatesOnItsOwnThreadsAtTheGroupsInterval() throws Exception {
        try (RuleFixture fixture = new RuleFixture(dir.resolve("data"));
                RuleEvaluator evaluator = factory().create(context(Map.of("resend-delay", "30s", "threads", "1")))) {
            evaluator.schedule(fixture.workspace(), List.of(new RuleGroup("ns", "fast", 200, -1, 0, Labels.EMPTY,
                    List.of(new Rule.Recording("one", "vector(1)", Labels.EMPTY)))));
            long deadline = System.currentTimeMillis() + 10_000;
            int points = 0;
            while (System.currentTimeMillis() < deadline && points < 3) {
                Thread.sleep(100);
                points = fixture.raw("one", 0, Long.MAX_VALUE / 2).values().stream().mapToInt(List::size).sum();
            }
            assertTrue(points >= 3, "three evaluations 200 ms apart within 10 s, got " + points);
            assertTrue(evaluator.groups(RuleFixture.WORKSPACE).get(0).evaluations() >= 3);
        }
    }

    @Test
    void concurrentReschedulesAndReadsWhileGroupsEvaluate() throws Exception {
        try (RuleFixture fixture = new RuleFixture(dir.resolve("data"))) {
            fixture.series(Labels.of("__name__", "x"), System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000, 1);
            RuleEvaluator evaluator = factory().create(context(Map.of("threads", "2")));
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            long end = System.currentTimeMillis() + 2_000;
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    int round = 0;
                    while (System.currentTimeMillis() < end) {
                        try {
                            List<RuleGroup> groups = List.of(
                                    new RuleGroup("ns", "a", 50, -1, 0, Labels.EMPTY, List.of(
                                            new Rule.Recording("x:copy", "x", Labels.of("round", "r" + (round % 3))),
                                            new Rule.Alerting("X", "x > 0", 0, 0, Labels.EMPTY, Labels.EMPTY))),
                                    new RuleGroup("ns", "b" + (id % 2), 70, -1, 0, Labels.EMPTY,
                                            List.of(new Rule.Recording("x:b", "x", Labels.EMPTY))));
                            if (id == 3 && round % 5 == 4) {
                                evaluator.remove(RuleFixture.WORKSPACE);
                            } else {
                                evaluator.schedule(fixture.workspace(), groups);
                            }
                            evaluator.groups(RuleFixture.WORKSPACE);
                            evaluator.alerts(RuleFixture.WORKSPACE);
                            round++;
                            Thread.sleep(5);
                        } catch (Throwable e) {
                            errors.add(e);
                            return;
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            long closing = System.nanoTime();
            evaluator.close();
            assertTrue(System.nanoTime() - closing < 6_000_000_000L, "close is bounded");
            assertEquals(List.of(), errors);
            assertTrue(fixture.raw("x:b", 0, Long.MAX_VALUE / 2).size() == 1, "groups evaluated meanwhile");
        }
    }

    @Test
    void refusesPropertiesItCannotRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory().create(context(Map.of("resend-delay", "soon"))));
        assertEquals("hearth.rules.prometheus.resend-delay: not a valid duration string: \"soon\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> factory().create(context(Map.of("threads", "0"))));
    }

    @Test
    void durationsUsePrometheusSyntax() {
        assertEquals(5_400_000, PrometheusRuleEvaluatorFactory.parseDuration("1h30m"));
        assertEquals(1_500, PrometheusRuleEvaluatorFactory.parseDuration("1s500ms"));
        assertEquals(0, PrometheusRuleEvaluatorFactory.parseDuration("0"));
        assertEquals(86_400_000L * 7, PrometheusRuleEvaluatorFactory.parseDuration("1w"));
    }
}
