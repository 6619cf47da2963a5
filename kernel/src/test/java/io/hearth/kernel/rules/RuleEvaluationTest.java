package io.hearth.kernel.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleWorkspace;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.WorkspaceStorage;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the kernel hands a workspace's rules to the evaluator and routes its alerts to the notifiers. */
class RuleEvaluationTest {

    private static final String WS = "ws-00000000-0000-0000-0000-000000000001";

    private final List<String> calls = new ArrayList<>();
    private final CannedRuleEvaluator evaluator = new CannedRuleEvaluator(calls);
    private final RecordingNotifier alertmanager = new RecordingNotifier("alertmanager", calls);
    private final RecordingNotifier webhook = new RecordingNotifier("webhook", calls);
    private final WorkspaceStorage storage = (WorkspaceStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {WorkspaceStorage.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });
    private final RuleEvaluation evaluation = new RuleEvaluation(
            new Plugins.Bound<RuleEvaluator>("prometheus", evaluator, getClass().getClassLoader()),
            List.<Plugins.Bound<Notifier>>of(new Plugins.Bound<>("alertmanager", alertmanager, getClass().getClassLoader()),
                    new Plugins.Bound<>("webhook", webhook, getClass().getClassLoader())),
            PromqlEngine.bound(), new OpenStores(Map.of(WS, storage)), RuleMetrics.none(), "http://hearth.example:9009", 60_000,
            Labels.of("cluster", "eu-1"));

    private static final List<RuleGroup> GROUPS = List.of(new RuleGroup("team", "g", 1000, -1, 0, Labels.EMPTY,
            List.of(new Rule.Recording("r", "up", Labels.EMPTY))));

    @Test
    void scheduleHandsTheWorkspaceStorageEngineOffsetExternalUrlAndLabelsWithEveryGroup() {
        evaluation.schedule(workspace(null), GROUPS);
        assertEquals(1, evaluator.scheduled.size());
        RuleWorkspace target = evaluator.scheduled.get(0).workspace();
        assertEquals(WS, target.workspaceId());
        assertSame(storage, target.storage());
        assertEquals(60_000, target.defaultQueryOffsetMillis());
        assertEquals("http://hearth.example:9009/workspaces/" + WS, target.externalUrl());
        assertEquals(Labels.of("cluster", "eu-1"), target.externalLabels());
        assertEquals(GROUPS, evaluator.scheduled.get(0).groups());
    }

    @Test
    void theEvaluatorCallsTheQueryEngineWithTheEnginesClassLoader() throws Exception {
        ClassLoader engineLoader = new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
        QueryEngine engine = (QueryEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {QueryEngine.class},
                (proxy, method, args) -> String.valueOf(Thread.currentThread().getContextClassLoader() == engineLoader));
        RuleEvaluation withEngine = new RuleEvaluation(
                new Plugins.Bound<RuleEvaluator>("prometheus", evaluator, getClass().getClassLoader()), List.of(),
                new Plugins.Bound<>("promql", engine, engineLoader), new OpenStores(Map.of(WS, storage)), RuleMetrics.none(),
                "http://h:1", 0, Labels.EMPTY);
        withEngine.schedule(workspace(null), GROUPS);
        assertEquals("true", evaluator.scheduled.get(0).workspace().queryEngine().format("up"));
    }

    @Test
    void aWorkspaceWhoseStorageIsNotOpenIsScheduledLater() {
        WorkspaceDocument other = new WorkspaceDocument("ws-00000000-0000-0000-0000-000000000002", null, "CREATING", 0,
                Map.of(), null, 45, null, null, null, null, null);
        evaluation.schedule(other, GROUPS);
        assertEquals(List.of(), evaluator.scheduled);
    }

    @Test
    void alertsGoToEveryNotifierAndTheWorkspaceAlertmanagerUrlsOnlyToTheAlertmanagerNotifier() {
        evaluation.schedule(workspace(List.of("http://am-1:9093", "http://am-2:9093")), GROUPS);
        List<Alert> alerts = List.of(new Alert(Labels.of("alertname", "A"), Labels.EMPTY, 1000, 5000, "http://x"));
        evaluator.scheduled.get(0).workspace().alerts().send(WS, alerts);
        assertEquals(List.of(new AlertDelivery(WS, List.of(URI.create("http://am-1:9093"), URI.create("http://am-2:9093")),
                alerts)), alertmanager.deliveries);
        assertEquals(List.of(new AlertDelivery(WS, List.of(), alerts)), webhook.deliveries);
    }

    @Test
    void withoutOverrideTheNotifiersUseTheirOwnTargets() {
        evaluation.schedule(workspace(null), GROUPS);
        List<Alert> alerts = List.of(new Alert(Labels.of("alertname", "A"), Labels.EMPTY, 1000, 5000, "http://x"));
        evaluator.scheduled.get(0).workspace().alerts().send(WS, alerts);
        assertEquals(List.of(), alertmanager.deliveries.get(0).targets());
    }

    @Test
    void removeForgetsTheWorkspaceAndCloseStopsTheEvaluatorBeforeTheNotifiersOnce() {
        evaluation.remove(WS);
        assertEquals(List.of(WS), evaluator.removed);
        evaluation.close();
        evaluation.close();
        assertEquals(List.of("close evaluator", "close alertmanager", "close webhook"), calls);
        evaluation.schedule(workspace(null), GROUPS);
        assertEquals(List.of(), evaluator.scheduled, "nothing is scheduled after shutdown");
    }

    private static WorkspaceDocument workspace(List<String> alertmanagerUrls) {
        return new WorkspaceDocument(WS, null, "ACTIVE", 0, Map.of(), null, 45, null, null, null, null, alertmanagerUrls);
    }

    /** Stores that are open already, without a storage engine behind them. */
    private static final class OpenStores extends WorkspaceStores {
        private final Map<String, WorkspaceStorage> open;

        OpenStores(Map<String, WorkspaceStorage> open) {
            this.open = open;
        }

        @Override
        public Optional<WorkspaceStorage> get(String workspaceId) {
            return Optional.ofNullable(open.get(workspaceId));
        }
    }
}
