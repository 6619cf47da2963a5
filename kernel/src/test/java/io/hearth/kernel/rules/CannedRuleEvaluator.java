package io.hearth.kernel.rules;

import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rule evaluator for the kernel's wiring tests only: it records what the kernel asks of it and
 * answers with the state a test gives it. It evaluates nothing; the real evaluator is a plugin.
 */
final class CannedRuleEvaluator implements RuleEvaluator {

    record Scheduled(RuleWorkspace workspace, List<RuleGroup> groups) {
    }

    final List<Scheduled> scheduled = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final List<String> calls;
    final Map<String, List<RuleGroupState>> groups = new ConcurrentHashMap<>();
    final Map<String, List<ActiveAlert>> alerts = new ConcurrentHashMap<>();

    CannedRuleEvaluator(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public void schedule(RuleWorkspace workspace, List<RuleGroup> groups) {
        scheduled.add(new Scheduled(workspace, groups));
    }

    @Override
    public void remove(String workspaceId) {
        removed.add(workspaceId);
    }

    @Override
    public List<RuleGroupState> groups(String workspaceId) {
        return groups.getOrDefault(workspaceId, List.of());
    }

    @Override
    public List<ActiveAlert> alerts(String workspaceId) {
        return alerts.getOrDefault(workspaceId, List.of());
    }

    @Override
    public void close() {
        calls.add("close evaluator");
    }
}
