package io.hearth.plugins.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.plugins.rules.RuleFixture.Point;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleHealth;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StaleMarker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One group's evaluations at chosen times, over the real storage and PromQL engine: what recording
 * rules write, stale markers, limits, and the alert state machine with its ALERTS series and
 * notifications.
 */
class RuleEvaluationTest {

    private static final long MIN = 60_000;
    /** A minute boundary, 2023-11-14 22:13:00 UTC. */
    private static final long T0 = 1_699_999_980_000L;

    @TempDir
    Path dir;
    private RuleFixture fixture;
    private final ManualScheduler scheduler = new ManualScheduler(T0);

    @BeforeEach
    void open() throws Exception {
        fixture = new RuleFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private GroupRunner runner(int limit, Rule... rules) {
        RuleGroup group = new RuleGroup("ns", "g", MIN, -1, limit, Labels.EMPTY, List.of(rules));
        return new GroupRunner(group, fixture.workspace(), scheduler, EvaluatorSettings.DEFAULTS, false);
    }

    /** Samples every 15 s over [from, to) with one value. */
    private void series(Labels labels, long from, long to, double value) throws Exception {
        fixture.series(labels, from, to, value);
    }

    @Test
    void recordingRuleResultsAreRenamedLabelledAndWrittenAtTheEvaluationTime() throws Exception {
        series(Labels.of("__name__", "requests_total", "job", "api", "instance", "a"), T0 - 10 * MIN, T0 + 10 * MIN, 3);
        series(Labels.of("__name__", "requests_total", "job", "api", "instance", "b"), T0 - 10 * MIN, T0 + 10 * MIN, 4);
        series(Labels.of("__name__", "requests_total", "job", "web", "instance", "c"), T0 - 10 * MIN, T0 + 10 * MIN, 5);
        RuleGroup group = new RuleGroup("ns", "g", MIN, -1, 0, Labels.of("region", "eu", "team", "group-level"),
                List.of(new Rule.Recording("job:requests:sum", "sum by (job) (requests_total)", Labels.of("team", "core"))));
        GroupRunner runner = new GroupRunner(group, fixture.workspace(), scheduler, EvaluatorSettings.DEFAULTS, false);

        runner.evaluate(T0);
        runner.evaluate(T0 + MIN);

        Map<Labels, List<Point>> raw = fixture.raw("job:requests:sum", T0 - MIN, T0 + 2 * MIN);
        assertEquals(Map.of(
                Labels.of("__name__", "job:requests:sum", "job", "api", "region", "eu", "team", "core"),
                List.of(new Point(T0, 7), new Point(T0 + MIN, 7)),
                Labels.of("__name__", "job:requests:sum", "job", "web", "region", "eu", "team", "core"),
                List.of(new Point(T0, 5), new Point(T0 + MIN, 5))), raw);
        RuleState state = runner.state().rules().get(0);
        assertEquals(RuleHealth.OK, state.health());
        assertEquals("", state.lastError());
        assertEquals(2, runner.state().evaluations());
    }

    @Test
    void queryOffsetQueriesAndWritesThatFarBack() throws Exception {
        fixture.append(Labels.of("__name__", "m"), T0 - 2 * MIN, 1, T0 - 30_000, 2);
        RuleGroup group = new RuleGroup("ns", "g", MIN, MIN, 0, Labels.EMPTY,
                List.of(new Rule.Recording("m:copy", "m", Labels.EMPTY)));
        GroupRunner runner = new GroupRunner(group, fixture.workspace(), scheduler, EvaluatorSettings.DEFAULTS, false);

        runner.evaluate(T0);

        assertEquals(Map.of(Labels.of("__name__", "m:copy"), List.of(new Point(T0 - MIN, 1))),
                fixture.raw("m:copy", T0 - 5 * MIN, T0 + MIN));
    }

    @Test
    void aSeriesTheRuleNoLongerProducesGetsAStaleMarker() throws Exception {
        series(Labels.of("__name__", "up", "instance", "a"), T0 - 5 * MIN, T0 + 90_000, 1);
        series(Labels.of("__name__", "up", "instance", "a"), T0 + 90_000, T0 + 5 * MIN, 0);
        series(Labels.of("__name__", "up", "instance", "b"), T0 - 5 * MIN, T0 + 5 * MIN, 1);
        GroupRunner runner = runner(0, new Rule.Recording("up:ok", "up == 1", Labels.EMPTY));

        for (long t = T0; t <= T0 + 3 * MIN; t += MIN) {
            runner.evaluate(t);
        }

        Map<Labels, List<Point>> raw = fixture.raw("up:ok", T0 - MIN, T0 + 4 * MIN);
        List<Point> a = raw.get(Labels.of("__name__", "up:ok", "instance", "a"));
        assertEquals(3, a.size(), a.toString());
        assertEquals(new Point(T0, 1), a.get(0));
        assertEquals(new Point(T0 + MIN, 1), a.get(1));
        assertEquals(T0 + 2 * MIN, a.get(2).t());
        assertTrue(StaleMarker.isStale(a.get(2).v()), "a stale marker where the series went away");
        assertEquals(4, raw.get(Labels.of("__name__", "up:ok", "instance", "b")).size());
        assertEquals(Map.of(Labels.of("__name__", "up:ok", "instance", "b"), 1.0), fixture.query("up:ok", T0 + 3 * MIN));
    }

    @Test
    void overTheLimitTheRuleFailsAndWritesNothing() throws Exception {
        series(Labels.of("__name__", "x", "i", "1"), T0 - MIN, T0 + MIN, 1);
        series(Labels.of("__name__", "x", "i", "2"), T0 - MIN, T0 + MIN, 2);
        GroupRunner runner = runner(1, new Rule.Recording("x:copy", "x", Labels.EMPTY),
                new Rule.Alerting("XHigh", "x > 0", 0, 0, Labels.EMPTY, Labels.EMPTY));

        runner.evaluate(T0);

        List<RuleState> rules = runner.state().rules();
        assertEquals(RuleHealth.ERR, rules.get(0).health());
        assertEquals("exceeded limit of 1 with 2 series", rules.get(0).lastError());
        assertEquals(RuleHealth.ERR, rules.get(1).health());
        assertEquals("exceeded limit of 1 with 2 alerts", rules.get(1).lastError());
        assertEquals(List.of(), rules.get(1).alerts());
        assertEquals(Map.of(), fixture.raw("x:copy", T0 - MIN, T0 + MIN));
        assertEquals(Map.of(), fixture.raw("ALERTS", T0 - MIN, T0 + MIN));
        assertEquals(2, runner.state().failedEvaluations());
    }

    @Test
    void resultsThatCollideAfterRenamingFailTheRule() throws Exception {
        series(Labels.of("__name__", "a", "x", "1"), T0 - MIN, T0 + MIN, 1);
        series(Labels.of("__name__", "b", "x", "1"), T0 - MIN, T0 + MIN, 2);
        GroupRunner runner = runner(0, new Rule.Recording("ab", "{__name__=~\"a|b\"}", Labels.EMPTY),
                new Rule.Alerting("AB", "{__name__=~\"a|b\"}", 0, 0, Labels.EMPTY, Labels.EMPTY));

        runner.evaluate(T0);

        List<RuleState> rules = runner.state().rules();
        assertEquals("vector contains metrics with the same labelset after applying rule labels", rules.get(0).lastError());
        assertEquals("vector contains metrics with the same labelset after applying alert labels", rules.get(1).lastError());
        assertEquals(Map.of(), fixture.raw("ab", T0 - MIN, T0 + MIN));
    }

    @Test
    void anAlertIsPendingThenFiresAfterForThenResolves() throws Exception {
        Labels cpu = Labels.of("__name__", "cpu", "instance", "h1");
        series(cpu, T0 - 10 * MIN, T0 + 4 * MIN + 30_000, 0.9);
        series(cpu, T0 + 4 * MIN + 30_000, T0 + 30 * MIN, 0.1);
        GroupRunner runner = runner(0, new Rule.Alerting("HighCpu", "cpu > 0.8", 2 * MIN, 0,
                Labels.of("severity", "page", "host", "{{ $labels.instance }}"),
                Labels.of("summary", "{{ $labels.instance }} is at {{ humanizePercentage $value }}")));
        Labels alertLabels = Labels.of("alertname", "HighCpu", "instance", "h1", "severity", "page", "host", "h1");

        runner.evaluate(T0);
        ActiveAlert pending = runner.state().rules().get(0).alerts().get(0);
        assertEquals(new ActiveAlert(alertLabels, Labels.of("summary", "h1 is at 90%"), AlertState.PENDING, T0, 0.9, 0),
                pending);
        assertEquals(AlertState.PENDING, runner.state().rules().get(0).state());
        runner.evaluate(T0 + MIN);
        assertEquals(List.of(), fixture.sent, "pending alerts are not sent");

        runner.evaluate(T0 + 2 * MIN);
        assertEquals(AlertState.FIRING, runner.state().rules().get(0).alerts().get(0).state());
        String generator = RuleFixture.EXTERNAL_URL + "/graph?g0.expr=cpu+%3E+0.8&g0.tab=1";
        assertEquals(List.of(new Alert(alertLabels, Labels.of("summary", "h1 is at 90%"), T0 + 2 * MIN, T0 + 6 * MIN,
                generator)), fixture.sent);

        runner.evaluate(T0 + 3 * MIN);
        assertEquals(1, fixture.sent.size(), "not resent within the resend delay");
        runner.evaluate(T0 + 4 * MIN);
        assertEquals(2, fixture.sent.size(), "resent after the resend delay");
        assertEquals(T0 + 8 * MIN, fixture.sent.get(1).endsAtMillis());

        runner.evaluate(T0 + 5 * MIN);
        assertEquals(List.of(), runner.state().rules().get(0).alerts());
        assertEquals(new Alert(alertLabels, Labels.of("summary", "h1 is at 90%"), T0 + 2 * MIN, T0 + 5 * MIN, generator),
                fixture.sent.get(2));
        assertTrue(fixture.sent.get(2).resolvedAt(T0 + 5 * MIN));
        runner.evaluate(T0 + 6 * MIN);
        assertEquals(3, fixture.sent.size(), "a resolved alert is sent once it resolves, then at the resend delay");
        runner.evaluate(T0 + 7 * MIN);
        assertEquals(4, fixture.sent.size());

        Map<Labels, List<Point>> alerts = fixture.raw("ALERTS", T0 - MIN, T0 + 10 * MIN);
        Labels alertsPending = alertLabels.toBuilder().set("__name__", "ALERTS").set("alertstate", "pending").build();
        Labels alertsFiring = alertLabels.toBuilder().set("__name__", "ALERTS").set("alertstate", "firing").build();
        assertEquals(List.of(new Point(T0, 1), new Point(T0 + MIN, 1)), alerts.get(alertsPending).subList(0, 2));
        assertTrue(StaleMarker.isStale(alerts.get(alertsPending).get(2).v()));
        assertEquals(T0 + 2 * MIN, alerts.get(alertsPending).get(2).t());
        List<Point> firing = alerts.get(alertsFiring);
        assertEquals(List.of(new Point(T0 + 2 * MIN, 1), new Point(T0 + 3 * MIN, 1), new Point(T0 + 4 * MIN, 1)),
                firing.subList(0, 3));
        assertTrue(StaleMarker.isStale(firing.get(3).v()));
        Map<Labels, List<Point>> forState = fixture.raw("ALERTS_FOR_STATE", T0 - MIN, T0 + 10 * MIN);
        List<Point> activeSince = forState.get(alertLabels.toBuilder().set("__name__", "ALERTS_FOR_STATE").build());
        assertEquals(new Point(T0, T0 / 1000), activeSince.get(0));
        assertEquals(new Point(T0 + 4 * MIN, T0 / 1000), activeSince.get(4));
        assertTrue(StaleMarker.isStale(activeSince.get(5).v()));
    }

    @Test
    void keepFiringForHoldsAFiringAlertAfterItsResultsStop() throws Exception {
        Labels errors = Labels.of("__name__", "errors");
        series(errors, T0 - 2 * MIN, T0 + 90_000, 1);
        series(errors, T0 + 90_000, T0 + 10 * MIN, 0);
        GroupRunner runner = runner(0, new Rule.Alerting("Errors", "errors > 0", 0, 3 * MIN, Labels.EMPTY, Labels.EMPTY));

        runner.evaluate(T0);
        assertEquals(AlertState.FIRING, runner.state().rules().get(0).alerts().get(0).state(), "for 0 fires at once");
        runner.evaluate(T0 + MIN);
        runner.evaluate(T0 + 2 * MIN);
        ActiveAlert kept = runner.state().rules().get(0).alerts().get(0);
        assertEquals(AlertState.FIRING, kept.state());
        assertEquals(T0 + 2 * MIN, kept.keepFiringSinceMillis());
        runner.evaluate(T0 + 3 * MIN);
        runner.evaluate(T0 + 4 * MIN);
        assertEquals(1, runner.state().rules().get(0).alerts().size(), "kept firing for less than 3m");
        runner.evaluate(T0 + 5 * MIN);
        assertEquals(List.of(), runner.state().rules().get(0).alerts(), "resolved once kept for 3m");
        Alert last = fixture.sent.get(fixture.sent.size() - 1);
        assertEquals(T0 + 5 * MIN, last.endsAtMillis());
    }

    @Test
    void aQueryErrorMarksTheRuleUnhealthyAndTheOthersStillRun() throws Exception {
        series(Labels.of("__name__", "x"), T0 - MIN, T0 + MIN, 1);
        GroupRunner runner = runner(0, new Rule.Recording("bad", "x[5m]", Labels.EMPTY),
                new Rule.Recording("good", "x", Labels.EMPTY));

        runner.evaluate(T0);

        List<RuleState> rules = runner.state().rules();
        assertEquals(RuleHealth.ERR, rules.get(0).health());
        assertEquals("rule result is not a vector or scalar", rules.get(0).lastError());
        assertEquals(RuleHealth.OK, rules.get(1).health());
        assertFalse(fixture.raw("good", T0 - MIN, T0 + MIN).isEmpty());
    }

    @Test
    void aTemplateThatFailsGivesAnErrorTextAndTheAlertStillFires() throws Exception {
        series(Labels.of("__name__", "q", "instance", "a"), T0 - MIN, T0 + MIN, 3);
        GroupRunner runner = runner(0, new Rule.Alerting("Q", "q > 1", 0, 0, Labels.of("bad", "{{ humanize \"x\" }}"),
                Labels.of("broken", "{{ if }}", "fine", "{{ $value }} on {{ $labels.instance }}")));

        runner.evaluate(T0);

        RuleState state = runner.state().rules().get(0);
        assertEquals(RuleHealth.OK, state.health());
        ActiveAlert alert = state.alerts().get(0);
        assertEquals(AlertState.FIRING, alert.state());
        assertEquals("<error expanding template: error executing template __alert_Q: template: __alert_Q:1:115: "
                + "executing \"__alert_Q\" at <humanize \"x\">: error calling humanize: strconv.ParseFloat: parsing \"x\": "
                + "invalid syntax>", alert.labels().get("bad"));
        assertEquals("<error expanding template: error parsing template __alert_Q: template: __alert_Q:1: missing value for if>",
                alert.annotations().get("broken"));
        assertEquals("3 on a", alert.annotations().get("fine"));
    }

    @Test
    void aSinkThatThrowsDoesNotCostTheRuleItsResults() throws Exception {
        series(Labels.of("__name__", "q"), T0 - MIN, T0 + MIN, 3);
        RuleGroup group = new RuleGroup("ns", "g", MIN, -1, 0, Labels.EMPTY,
                List.of(new Rule.Alerting("Q", "q > 1", 0, 0, Labels.EMPTY, Labels.EMPTY)));
        io.hearth.spi.rules.RuleWorkspace failing = new io.hearth.spi.rules.RuleWorkspace(RuleFixture.WORKSPACE,
                fixture.storage, fixture.engine, (ws, alerts) -> {
                    throw new IllegalStateException("notifier queue broken");
                }, 0, RuleFixture.EXTERNAL_URL);
        GroupRunner runner = new GroupRunner(group, failing, scheduler, EvaluatorSettings.DEFAULTS, false);

        runner.evaluate(T0);

        assertEquals(RuleHealth.OK, runner.state().rules().get(0).health());
        assertEquals(1, fixture.raw("ALERTS", T0 - MIN, T0 + MIN).size());
    }

    @Test
    void nativeHistogramResultsAreRecordedAsHistograms() throws Exception {
        io.hearth.spi.storage.FloatHistogram h = new io.hearth.spi.storage.FloatHistogram(
                io.hearth.spi.storage.FloatHistogram.CounterResetHint.GAUGE, 0, 1e-128, 0, 4, 10,
                List.of(new io.hearth.spi.storage.FloatHistogram.Span(0, 3)), new double[] {1, 2, 1}, List.of(),
                new double[0]);
        io.hearth.spi.storage.Appender a = fixture.storage.appender();
        for (long t = T0 - 2 * MIN; t < T0 + MIN; t += 15_000) {
            a.appendHistogram(Labels.of("__name__", "latency", "route", "/a"), t, h);
            a.appendHistogram(Labels.of("__name__", "latency", "route", "/b"), t, h);
        }
        a.commit();
        GroupRunner runner = runner(0, new Rule.Recording("latency:sum", "sum(latency)", Labels.EMPTY));

        runner.evaluate(T0);

        io.hearth.spi.query.QueryValue.Vector v = (io.hearth.spi.query.QueryValue.Vector) fixture.engine.instant(
                fixture.storage, "latency:sum", T0, RuleFixture.QUERY).value();
        assertEquals(1, v.samples().size());
        assertEquals(8, v.samples().get(0).histogram().count());
        assertEquals(20, v.samples().get(0).histogram().sum());
        assertEquals(Labels.of("__name__", "latency:sum"), v.samples().get(0).labels());
    }

    @Test
    void aHistogramNoObservationCanProduceIsNotRecordedAndFailsTheRule() throws Exception {
        io.hearth.spi.storage.FloatHistogram h = new io.hearth.spi.storage.FloatHistogram(
                io.hearth.spi.storage.FloatHistogram.CounterResetHint.GAUGE, 0, 1e-128, 0, 4, 10,
                List.of(new io.hearth.spi.storage.FloatHistogram.Span(0, 3)), new double[] {1, 2, 1}, List.of(),
                new double[0]);
        io.hearth.spi.storage.Appender a = fixture.storage.appender();
        for (long t = T0 - 2 * MIN; t < T0 + MIN; t += 15_000) {
            a.appendHistogram(Labels.of("__name__", "latency"), t, h);
        }
        a.commit();
        series(Labels.of("__name__", "x", "i", "1"), T0 - MIN, T0 + MIN, 1);
        GroupRunner runner = runner(0, new Rule.Recording("latency:negated", "-latency or x", Labels.EMPTY));

        runner.evaluate(T0);

        // Prometheus's TSDB refuses the negative histogram (the query itself answers it); the float result is kept
        RuleState state = runner.state().rules().get(0);
        assertEquals(RuleHealth.ERR, state.health());
        assertEquals("observation count is -4.0: histogram observation count is negative", state.lastError());
        assertEquals(Map.of(Labels.of("__name__", "latency:negated", "i", "1"), List.of(new Point(T0, 1))),
                fixture.raw("latency:negated", T0 - MIN, T0 + MIN));
    }

    @Test
    void externalLabelsReachTemplatesAndNotifiedAlertsButNotStorage() throws Exception {
        series(Labels.of("__name__", "q", "instance", "a"), T0 - MIN, T0 + MIN, 3);
        series(Labels.of("__name__", "q", "instance", "b", "cluster", "own"), T0 - MIN, T0 + MIN, 4);
        RuleGroup group = new RuleGroup("ns", "g", MIN, -1, 0, Labels.EMPTY, List.of(new Rule.Alerting("Q", "q > 1", 0, 0,
                Labels.of("origin", "{{ $externalLabels.cluster }}"),
                Labels.of("summary", "{{ .ExternalLabels.region }}/{{ $labels.instance }}"))));
        io.hearth.spi.rules.RuleWorkspace workspace = new io.hearth.spi.rules.RuleWorkspace(RuleFixture.WORKSPACE,
                fixture.storage, fixture.engine, (ws, alerts) -> fixture.sent.addAll(alerts), 0, RuleFixture.EXTERNAL_URL,
                Labels.of("cluster", "eu-1", "region", "west"));
        GroupRunner runner = new GroupRunner(group, workspace, scheduler, EvaluatorSettings.DEFAULTS, false);

        runner.evaluate(T0);

        // the rule's own view: templates expanded with the external labels, which are not added
        ActiveAlert a = runner.state().rules().get(0).alerts().stream()
                .filter(x -> x.labels().get("instance").equals("a")).findFirst().orElseThrow();
        assertEquals(Labels.of("alertname", "Q", "instance", "a", "origin", "eu-1"), a.labels());
        assertEquals(Map.of("summary", "west/a"), a.annotations());
        // notified: every external label the alert lacks; the alert's own cluster label wins
        assertEquals(List.of(Labels.of("alertname", "Q", "cluster", "eu-1", "instance", "a", "origin", "eu-1", "region", "west"),
                Labels.of("alertname", "Q", "cluster", "own", "instance", "b", "origin", "eu-1", "region", "west")),
                fixture.sent.stream().map(Alert::labels).sorted().toList());
        // ALERTS, as Prometheus writes it, has no external labels
        assertEquals(Map.of(Labels.of("__name__", "ALERTS", "alertname", "Q", "alertstate", "firing", "instance", "a",
                "origin", "eu-1"), List.of(new Point(T0, 1)), Labels.of("__name__", "ALERTS", "alertname", "Q",
                "alertstate", "firing", "cluster", "own", "instance", "b", "origin", "eu-1"), List.of(new Point(T0, 1))),
                fixture.raw("ALERTS", T0 - MIN, T0 + MIN));
    }

    @Test
    void anAnnotationThatExpandsToNothingIsKeptEmptyAndALabelIsDropped() throws Exception {
        series(Labels.of("__name__", "q", "instance", "a"), T0 - MIN, T0 + MIN, 3);
        GroupRunner runner = runner(0, new Rule.Alerting("Q", "q > 1", 0, 0,
                Labels.of("team", "{{ if false }}x{{ end }}"),
                Map.of("runbook", "{{ $labels.runbook }}", "summary", "{{ $value }}", "note", "")));

        runner.evaluate(T0);

        // as Prometheus: a label set to "" is no label, an annotation expanded to "" is kept
        ActiveAlert alert = runner.state().rules().get(0).alerts().get(0);
        assertEquals(Labels.of("alertname", "Q", "instance", "a"), alert.labels());
        assertEquals(Map.of("note", "", "runbook", "", "summary", "3"), alert.annotations());
        assertEquals(List.of("note", "runbook", "summary"), List.copyOf(alert.annotations().keySet()), "name order");
        assertEquals(Map.of("note", "", "runbook", "", "summary", "3"), fixture.sent.get(0).annotations());
    }
}
