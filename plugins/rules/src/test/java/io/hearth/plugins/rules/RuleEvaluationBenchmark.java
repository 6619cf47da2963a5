package io.hearth.plugins.rules;

import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times evaluations of a group over many series, on the real storage and engine: a recording rule
 * and an alerting rule with a templated label and two templated annotations. Not a test; run with
 * {@code java -cp <test class path> io.hearth.plugins.rules.RuleEvaluationBenchmark [series]}.
 */
public final class RuleEvaluationBenchmark {

    private RuleEvaluationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long t0 = 1_700_000_000_000L;
        Path dir = Files.createTempDirectory("rules-bench");
        try (RuleFixture fixture = new RuleFixture(dir)) {
            Appender a = fixture.storage.appender();
            for (int i = 0; i < seriesCount; i++) {
                Labels l = Labels.of("__name__", "cpu", "instance", "host-" + i + ":9100", "job", "node");
                for (long t = t0 - 300_000; t <= t0 + 3_600_000; t += 60_000) {
                    a.append(l, t, 0.5 + (i % 100) / 100.0);
                }
            }
            a.commit();
            RuleGroup group = new RuleGroup("ns", "bench", 60_000, -1, 0, Labels.EMPTY, List.of(
                    new Rule.Recording("job:cpu:avg", "avg by (job, instance) (cpu)", Labels.EMPTY),
                    new Rule.Alerting("HighCpu", "cpu > 0.9", 120_000, 0,
                            Labels.of("host", "{{ $labels.instance | stripPort }}"),
                            Labels.of("summary", "{{ $labels.instance }} at {{ humanizePercentage $value }}",
                                    "description", "{{ printf \"%.2f\" $value }} on {{ $labels.job }}"))));
            GroupRunner runner = new GroupRunner(group, fixture.workspace(), new ManualScheduler(t0),
                    EvaluatorSettings.DEFAULTS, false);
            int alerts = 0;
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                runner.evaluate(t0 + i * 60_000L);
                long micros = (System.nanoTime() - start) / 1000;
                alerts = runner.state().rules().get(1).alerts().size();
                System.out.printf("evaluation %d: %d µs (%d series recorded, %d alerts)%n", i, micros, seriesCount, alerts);
            }
        }
    }
}
