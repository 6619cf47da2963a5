package io.hearth.plugins.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.plugins.rules.RuleFixture.Point;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
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
 * The evaluator driving groups on a hand-moved clock: slots aligned as Prometheus aligns them,
 * missed iterations, reloads that keep alert state, removal, and alert state restored by a new
 * evaluator over the same (reopened) storage.
 */
class RuleSchedulingTest {

    private static final long MIN = 60_000;
    private static final long T0 = 1_699_999_980_000L;

    @TempDir
    Path dir;
    private RuleFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new RuleFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static RuleGroup recording(String name, long interval, String record) {
        return new RuleGroup("ns", name, interval, -1, 0, Labels.EMPTY,
                List.of(new Rule.Recording(record, "vector(1)", Labels.EMPTY)));
    }

    private List<Long> times(String metric) {
        return fixture.raw(metric, 0, Long.MAX_VALUE / 2).values().stream().findFirst().orElse(List.of()).stream()
                .map(Point::t).toList();
    }

    @Test
    void groupsEvaluateOnSlotsShiftedByAHashOfTheirIdentity() {
        ManualScheduler scheduler = new ManualScheduler(T0 + 7_000);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(scheduler, EvaluatorSettings.DEFAULTS);
        evaluator.schedule(fixture.workspace(), List.of(recording("a", MIN, "a_out"), recording("b", MIN, "b_out")));
        scheduler.advanceTo(T0 + 7_000 + 5 * MIN);

        for (String g : List.of("a", "b")) {
            List<Long> times = times(g + "_out");
            assertEquals(5, times.size(), g + ": one evaluation per interval " + times);
            long offsetMillis = GroupSlots.offsetNanos(GroupSlots.hash("ns", g), MIN) / 1_000_000;
            for (int i = 0; i < times.size(); i++) {
                assertEquals(offsetMillis, Math.floorMod(times.get(i), MIN), g + ": on the group's phase");
                if (i > 0) {
                    assertEquals(MIN, times.get(i) - times.get(i - 1));
                }
            }
            assertTrue(times.get(0) > T0 + 7_000 && times.get(0) <= T0 + 7_000 + MIN, "the first slot after scheduling");
        }
        assertNotEquals(Math.floorMod(times("a_out").get(0), MIN), Math.floorMod(times("b_out").get(0), MIN),
                "groups spread over the interval");
        evaluator.close();
    }

    @Test
    void aGroupKeepsItsPhaseAcrossRestartsAndTheDefaultIntervalIsOneMinute() {
        long phase = -1;
        for (long start : new long[] {T0, T0 + 17 * MIN + 23_456}) {
            ManualScheduler scheduler = new ManualScheduler(start);
            PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(scheduler, EvaluatorSettings.DEFAULTS);
            evaluator.schedule(fixture.workspace(), List.of(recording("steady", 0, "steady_out")));
            scheduler.advanceTo(start + 3 * MIN);
            evaluator.close();
            List<Long> times = times("steady_out");
            long p = Math.floorMod(times.get(times.size() - 1), MIN);
            if (phase >= 0) {
                assertEquals(phase, p);
            }
            phase = p;
        }
    }

    @Test
    void anEvaluationThatRunsPastItsSlotsCountsTheMissedOnes() {
        ManualScheduler scheduler = new ManualScheduler(T0);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(scheduler, EvaluatorSettings.DEFAULTS);
        evaluator.schedule(fixture.workspace(), List.of(recording("slow", MIN, "slow_out")));
        long first = scheduler.nextDue();
        scheduler.advanceTo(first);
        assertEquals(List.of(first), times("slow_out"));

        scheduler.jumpTo(first + 3 * MIN + 30_000); // the machine stalls for three and a half intervals

        RuleGroupState state = evaluator.groups(RuleFixture.WORKSPACE).get(0);
        assertEquals(2, state.missedIterations());
        assertEquals(2, state.evaluations());
        assertEquals(List.of(first, first + 3 * MIN), times("slow_out"), "the next evaluation takes the latest slot");
        assertEquals(first + 4 * MIN, scheduler.nextDue());
        evaluator.close();
    }

    @Test
    void aReloadKeepsTheAlertsOfGroupsThatStayAndMarksRemovedGroupsStale() throws Exception {
        fixture.series(Labels.of("__name__", "load"), T0 - 10 * MIN, T0 + 30 * MIN, 5);
        ManualScheduler scheduler = new ManualScheduler(T0);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(scheduler, EvaluatorSettings.DEFAULTS);
        Rule.Alerting alert = new Rule.Alerting("Loaded", "load > 1", 2 * MIN, 0, Labels.EMPTY, Labels.EMPTY);
        evaluator.schedule(fixture.workspace(), List.of(
                new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.EMPTY, List.of(alert)),
                recording("gone", MIN, "gone_out")));
        scheduler.advance(4 * MIN);
        ActiveAlert before = evaluator.alerts(RuleFixture.WORKSPACE).get(0);
        assertEquals(AlertState.FIRING, before.state());

        // the alerts group changes (a new rule) and the other group is dropped
        evaluator.schedule(fixture.workspace(), List.of(new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.EMPTY,
                List.of(alert, new Rule.Recording("load:copy", "load", Labels.EMPTY)))));
        long removedAt = scheduler.now();
        scheduler.advance(3 * MIN);

        ActiveAlert after = evaluator.alerts(RuleFixture.WORKSPACE).get(0);
        assertEquals(AlertState.FIRING, after.state());
        assertEquals(before.activeAtMillis(), after.activeAtMillis(), "the alert kept its state across the reload");
        assertEquals(List.of("alerts"), evaluator.groups(RuleFixture.WORKSPACE).stream().map(g -> g.group().name()).toList());
        List<Point> gone = fixture.raw("gone_out", 0, Long.MAX_VALUE / 2).values().iterator().next();
        Point last = gone.get(gone.size() - 1);
        assertTrue(StaleMarker.isStale(last.v()), "a removed group's series are marked stale");
        assertEquals(removedAt, last.t());

        evaluator.remove(RuleFixture.WORKSPACE);
        assertEquals(List.of(), evaluator.groups(RuleFixture.WORKSPACE));
        assertEquals(List.of(), evaluator.alerts(RuleFixture.WORKSPACE));
        assertEquals(-1, scheduler.nextDue(), "nothing runs for a removed workspace");
        evaluator.close();
    }

    @Test
    void aRestartedEvaluatorRestoresWhenAlertsBecameActive() throws Exception {
        fixture.series(Labels.of("__name__", "temp", "room", "a"), T0 - 60 * MIN, T0 + 120 * MIN, 30);
        List<RuleGroup> groups = List.of(new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.of("site", "x"), List.of(
                new Rule.Alerting("Hot", "temp > 25", 20 * MIN, 0, Labels.of("severity", "warn"), Labels.EMPTY),
                new Rule.Alerting("VeryLongHot", "temp > 25", 60 * MIN, 0, Labels.EMPTY, Labels.EMPTY))));
        ManualScheduler first = new ManualScheduler(T0);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(first, EvaluatorSettings.DEFAULTS);
        evaluator.schedule(fixture.workspace(), groups);
        first.advance(30 * MIN);
        Map<String, ActiveAlert> before = byName(evaluator.alerts(RuleFixture.WORKSPACE));
        assertEquals(AlertState.FIRING, before.get("Hot").state());
        assertEquals(AlertState.PENDING, before.get("VeryLongHot").state());
        evaluator.close();
        Map<Labels, List<Point>> forState = fixture.raw("ALERTS_FOR_STATE", 0, Long.MAX_VALUE / 2);
        long downAt = forState.values().iterator().next().get(forState.values().iterator().next().size() - 1).t();

        // restart: the storage is reopened from its write-ahead log, a new evaluator starts ten minutes later
        fixture.closeStorage();
        fixture.open();
        ManualScheduler second = new ManualScheduler(T0 + 40 * MIN);
        PrometheusRuleEvaluator restarted = new PrometheusRuleEvaluator(second, EvaluatorSettings.DEFAULTS);
        restarted.schedule(fixture.workspace(), groups);
        second.advanceTo(second.nextDue());
        assertEquals(AlertState.PENDING, byName(restarted.alerts(RuleFixture.WORKSPACE)).get("Hot").state(),
                "active again, not yet restored");
        second.advanceTo(second.nextDue());
        long restoredAt = second.now();
        second.advanceTo(second.nextDue());

        Map<String, ActiveAlert> after = byName(restarted.alerts(RuleFixture.WORKSPACE));
        assertEquals(AlertState.FIRING, after.get("Hot").state(), "it was firing before the restart, so it fires again");
        assertEquals(before.get("Hot").activeAtMillis() / 1000 * 1000, after.get("Hot").activeAtMillis());
        // still pending: its wait resumes, shifted by the time the server was down
        assertEquals(AlertState.PENDING, after.get("VeryLongHot").state());
        assertEquals(before.get("VeryLongHot").activeAtMillis() / 1000 * 1000 + (restoredAt - downAt / 1000 * 1000),
                after.get("VeryLongHot").activeAtMillis());
        restarted.close();
    }

    @Test
    void anUnchangedGroupKeepsRunningWhenOnlyTheAlertSinkIsNew() throws Exception {
        fixture.series(Labels.of("__name__", "load"), T0 - 10 * MIN, T0 + 30 * MIN, 5);
        ManualScheduler scheduler = new ManualScheduler(T0);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(scheduler, EvaluatorSettings.DEFAULTS);
        List<RuleGroup> groups = List.of(new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.EMPTY,
                List.of(new Rule.Alerting("Loaded", "load > 1", 0, 0, Labels.EMPTY, Labels.EMPTY))));
        evaluator.schedule(fixture.workspace(), groups);
        scheduler.advance(3 * MIN);
        long evaluations = evaluator.groups(RuleFixture.WORKSPACE).get(0).evaluations();
        List<io.hearth.spi.rules.Alert> second = new java.util.concurrent.CopyOnWriteArrayList<>();

        evaluator.schedule(new io.hearth.spi.rules.RuleWorkspace(RuleFixture.WORKSPACE, fixture.storage, fixture.engine,
                (ws, alerts) -> second.addAll(alerts), 0, RuleFixture.EXTERNAL_URL), groups);
        scheduler.advance(2 * MIN); // a firing alert is resent every other minute (strictly after the 1m delay)

        assertEquals(evaluations + 2, evaluator.groups(RuleFixture.WORKSPACE).get(0).evaluations(), "not restarted");
        assertEquals(io.hearth.spi.rules.RuleHealth.OK,
                evaluator.groups(RuleFixture.WORKSPACE).get(0).rules().get(0).health());
        assertEquals(1, second.size(), "the resend goes to the new sink");
        evaluator.close();
    }

    @Test
    void aReloadBeforeTheRestoreStillRestores() throws Exception {
        fixture.series(Labels.of("__name__", "temp"), T0 - 60 * MIN, T0 + 120 * MIN, 30);
        Rule.Alerting hot = new Rule.Alerting("Hot", "temp > 25", 20 * MIN, 0, Labels.EMPTY, Labels.EMPTY);
        List<RuleGroup> groups = List.of(new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.EMPTY, List.of(hot)));
        ManualScheduler first = new ManualScheduler(T0);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(first, EvaluatorSettings.DEFAULTS);
        evaluator.schedule(fixture.workspace(), groups);
        first.advance(30 * MIN);
        long activeAt = evaluator.alerts(RuleFixture.WORKSPACE).get(0).activeAtMillis();
        evaluator.close();

        ManualScheduler second = new ManualScheduler(T0 + 35 * MIN);
        PrometheusRuleEvaluator restarted = new PrometheusRuleEvaluator(second, EvaluatorSettings.DEFAULTS);
        restarted.schedule(fixture.workspace(), groups);
        second.advanceTo(second.nextDue());
        // the namespace is updated right after start, before the group restored its state
        restarted.schedule(fixture.workspace(), List.of(new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.EMPTY,
                List.of(hot, new Rule.Recording("temp:copy", "temp", Labels.EMPTY)))));
        for (int i = 0; i < 3; i++) {
            second.advanceTo(second.nextDue());
        }

        ActiveAlert alert = restarted.alerts(RuleFixture.WORKSPACE).get(0);
        assertEquals(AlertState.FIRING, alert.state());
        assertEquals(activeAt / 1000 * 1000, alert.activeAtMillis());
        restarted.close();
    }

    @Test
    void anAlertWithAForShorterThanTheGracePeriodIsNotRestored() throws Exception {
        fixture.series(Labels.of("__name__", "temp"), T0 - 10 * MIN, T0 + 60 * MIN, 30);
        List<RuleGroup> groups = List.of(new RuleGroup("ns", "alerts", MIN, -1, 0, Labels.EMPTY,
                List.of(new Rule.Alerting("Warm", "temp > 25", 5 * MIN, 0, Labels.EMPTY, Labels.EMPTY))));
        ManualScheduler first = new ManualScheduler(T0);
        PrometheusRuleEvaluator evaluator = new PrometheusRuleEvaluator(first, EvaluatorSettings.DEFAULTS);
        evaluator.schedule(fixture.workspace(), groups);
        first.advance(10 * MIN);
        evaluator.close();

        ManualScheduler second = new ManualScheduler(T0 + 11 * MIN);
        PrometheusRuleEvaluator restarted = new PrometheusRuleEvaluator(second, EvaluatorSettings.DEFAULTS);
        restarted.schedule(fixture.workspace(), groups);
        second.advance(3 * MIN);
        ActiveAlert warm = restarted.alerts(RuleFixture.WORKSPACE).get(0);
        assertEquals(AlertState.PENDING, warm.state(), "waits its whole for again");
        restarted.close();
    }

    private static Map<String, ActiveAlert> byName(List<ActiveAlert> alerts) {
        Map<String, ActiveAlert> out = new java.util.TreeMap<>();
        for (ActiveAlert a : alerts) {
            out.put(a.labels().get("alertname"), a);
        }
        return out;
    }
}
