package io.hearth.plugins.rules;

import io.hearth.spi.query.QueryException;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleHealth;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs a {@code promtool test rules} file with Hearth's evaluator, following promtool's
 * procedure: input series loaded in the expanding notation at the test's interval from the epoch,
 * every group evaluated (in {@code group_eval_order}) at every {@code evaluation_interval} from 0 to
 * the last {@code eval_time}, alerting rules marked restored, firing alerts compared at each
 * {@code alert_rule_test} time, then each {@code promql_expr_test} query compared. A rule error
 * fails the test, as it fails promtool's.
 */
final class PromtoolTestRunner {

    private final Path workDirectory;

    /** @param workDirectory where each test group gets its own storage */
    PromtoolTestRunner(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /**
     * @param testFile a promtool test file
     * @return the failures, empty when every test passes
     */
    List<String> run(Path testFile) throws IOException {
        Map<String, Object> root = yaml(testFile);
        Path base = testFile.getParent();
        List<RuleGroup> groups = new ArrayList<>();
        for (Object f : list(root.get("rule_files"))) {
            groups.addAll(PromtoolRuleFiles.read(base.resolve((String) f)));
        }
        long evalInterval = duration(root.get("evaluation_interval"), 60_000);
        List<Object> order = list(root.get("group_eval_order"));
        List<RuleGroup> ordered = new ArrayList<>(groups);
        ordered.sort(Comparator.comparingInt(g -> Math.max(order.indexOf(g.name()), 0)));
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (Object t : list(root.get("tests"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> test = (Map<String, Object>) t;
            Path dir = workDirectory.resolve("test-" + testFile.getFileName() + "-" + index++);
            Files.createDirectories(dir);
            try (RuleFixture fixture = new RuleFixture(dir)) {
                failures.addAll(runTest(fixture, test, ordered, evalInterval));
            }
        }
        return failures;
    }

    private List<String> runTest(RuleFixture fixture, Map<String, Object> test, List<RuleGroup> groups, long evalInterval)
            throws IOException {
        String name = test.get("name") == null ? "" : "name: " + test.get("name") + ", ";
        List<String> failures = new ArrayList<>();
        long seriesInterval = duration(test.get("interval"), evalInterval);
        Appender appender = fixture.storage.appender();
        for (Object s : list(test.get("input_series"))) {
            Map<?, ?> series = (Map<?, ?>) s;
            Labels labels = labels(fixture, (String) series.get("series"));
            List<Double> values = PromtoolSeriesValues.expand(String.valueOf(series.get("values")));
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    appender.append(labels, i * seriesInterval, values.get(i));
                }
            }
        }
        appender.commit();
        String externalUrl = test.get("external_url") == null ? "" : (String) test.get("external_url");
        ManualScheduler scheduler = new ManualScheduler(0);
        List<GroupRunner> runners = new ArrayList<>();
        for (RuleGroup g : groups) {
            runners.add(new GroupRunner(g, new io.hearth.spi.rules.RuleWorkspace(RuleFixture.WORKSPACE, fixture.storage,
                    fixture.engine, (ws, alerts) -> { }, 0, externalUrl), scheduler, EvaluatorSettings.DEFAULTS, false));
        }
        List<Map<?, ?>> alertTests = new ArrayList<>();
        for (Object a : list(test.get("alert_rule_test"))) {
            alertTests.add((Map<?, ?>) a);
        }
        List<Map<?, ?>> exprTests = new ArrayList<>();
        for (Object e : list(test.get("promql_expr_test"))) {
            exprTests.add((Map<?, ?>) e);
        }
        long maxt = 0;
        for (Map<?, ?> a : alertTests) {
            maxt = Math.max(maxt, duration(a.get("eval_time"), 0));
        }
        for (Map<?, ?> e : exprTests) {
            maxt = Math.max(maxt, duration(e.get("eval_time"), 0));
        }
        for (long ts = 0; ts <= maxt; ts += evalInterval) {
            List<String> ruleErrors = new ArrayList<>();
            for (GroupRunner runner : runners) {
                runner.evaluate(ts);
                for (RuleState r : runner.state().rules()) {
                    if (r.health() == RuleHealth.ERR) {
                        ruleErrors.add(name + "rule: " + r.rule().name() + ", time: " + ts + "ms, err: " + r.lastError());
                    }
                }
            }
            if (!ruleErrors.isEmpty()) {
                failures.addAll(ruleErrors);
                return failures;
            }
            for (Map<?, ?> a : alertTests) {
                long at = duration(a.get("eval_time"), 0);
                if (at < ts || at >= ts + evalInterval) {
                    continue;
                }
                String alertname = (String) a.get("alertname");
                List<String> got = new ArrayList<>();
                for (GroupRunner runner : runners) {
                    for (RuleState r : runner.state().rules()) {
                        if (r.rule() instanceof Rule.Alerting && r.rule().name().equals(alertname)) {
                            for (ActiveAlert alert : r.alerts()) {
                                if (alert.state() == AlertState.FIRING) {
                                    got.add("Labels:" + alert.labels() + " Annotations:" + new java.util.TreeMap<>(alert.annotations()));
                                }
                            }
                        }
                    }
                }
                List<String> expected = new ArrayList<>();
                for (Object e : list(a.get("exp_alerts"))) {
                    Map<?, ?> exp = (Map<?, ?>) e;
                    Map<String, String> expLabels = strings(exp.get("exp_labels"));
                    expLabels.put("alertname", alertname);
                    expected.add("Labels:" + Labels.of(expLabels) + " Annotations:" + new java.util.TreeMap<>(strings(exp.get("exp_annotations"))));
                }
                got.sort(null);
                expected.sort(null);
                if (!got.equals(expected)) {
                    failures.add(name + "alertname: " + alertname + ", time: " + a.get("eval_time") + ",\n  exp: " + expected
                            + ",\n  got: " + got);
                }
            }
        }
        for (Map<?, ?> e : exprTests) {
            String expr = (String) e.get("expr");
            long at = duration(e.get("eval_time"), 0);
            List<String> got = new ArrayList<>();
            try {
                fixture.query(expr, at).forEach((l, v) -> got.add(l + " " + v));
            } catch (QueryException ex) {
                failures.add(name + "expr: " + expr + ", time: " + e.get("eval_time") + ", err: " + ex.getMessage());
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (Object s : list(e.get("exp_samples"))) {
                Map<?, ?> sample = (Map<?, ?>) s;
                expected.add(labels(fixture, (String) sample.get("labels")) + " " + number(sample.get("value")));
            }
            got.sort(null);
            expected.sort(null);
            if (!got.equals(expected)) {
                failures.add(name + "expr: " + expr + ", time: " + e.get("eval_time") + ",\n  exp: " + expected
                        + ",\n  got: " + got);
            }
        }
        return failures;
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }

    /** A series in PromQL selector form, {@code metric{a="b"}} or {@code {}}, as labels. */
    private static Labels labels(RuleFixture fixture, String text) {
        if (text == null || text.isBlank() || text.strip().equals("{}")) {
            return Labels.EMPTY;
        }
        try {
            Labels.Builder b = Labels.builder();
            for (LabelMatcher m : fixture.engine.parseSeriesSelector(text)) {
                b.set(m.name(), m.value());
            }
            return b.build();
        } catch (QueryException e) {
            throw new IllegalArgumentException("bad series " + text + ": " + e.getMessage(), e);
        }
    }

    static long duration(Object v, long fallback) {
        return v == null ? fallback : PrometheusRuleEvaluatorFactory.parseDuration(String.valueOf(v));
    }

    static Map<String, String> strings(Object map) {
        Map<String, String> out = new HashMap<>();
        if (map instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    static List<Object> list(Object v) {
        if (v == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) v;
        return l;
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        return Objects.requireNonNullElse(root, Map.of());
    }
}
